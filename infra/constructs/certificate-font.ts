// Where the certificate font comes from and where the certificate function finds it in Lambda: the Noto Sans SC
// TTF of the npm package, copied next to the bundle (esbuild bundles code, not a 10 MB binary read at run time).
import { createRequire } from 'node:module';
import { basename } from 'node:path';

const fontModule = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';

export function certificateFontFile(): string {
  return createRequire(import.meta.url).resolve(fontModule);
}

export const certificateFontPathInLambda = `/var/task/${basename(fontModule)}`;
