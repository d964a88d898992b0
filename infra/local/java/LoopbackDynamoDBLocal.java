// Starts DynamoDB Local listening on the loopback interface only. The jar has no bind-address option: its
// Jetty server is built with a port alone and listens on every interface, so anyone on the network could read
// and write the local data. This launcher builds the server exactly as the jar's own main does, sets the host
// of its connector to 127.0.0.1, then starts it. Run as a single-file source program with the jar on the class
// path (infra/local/dynamodb-process.ts); arguments are DynamoDB Local's own (-port, -dbPath, -sharedDb, ...).
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDBLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    // The Jetty server is a private field of the proxy: no public accessor exists.
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    Connector[] connectors = server.getConnectors();
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector");
    for (Connector connector : connectors) {
      ((ServerConnector) connector).setHost("127.0.0.1");
    }
    proxy.start();
    System.out.println("DynamoDB Local listening on 127.0.0.1 only");
  }
}
