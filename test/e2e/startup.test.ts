// `npm start` when something is missing or wrong: it says what and what to do, and exits non-zero.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '#infra/local/dynamodb';
import { temporaryDataDir } from './support.ts';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(projectRoot, 'node_modules', '.bin');
const folders: { remove(): void }[] = [];
afterAll(() => folders.forEach((folder) => folder.remove()));

function dataFolder(): string {
  const folder = temporaryDataDir();
  folders.push(folder);
  return folder.path;
}

/** Runs `tsx infra/local/main.ts` to its end (it is expected to fail at start). */
function start(args: string[], path = `${bin}${delimiter}${process.env.PATH ?? ''}`) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(join(bin, 'tsx'), ['infra/local/main.ts', ...args], {
      cwd: projectRoot,
      env: { ...process.env, PATH: path },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('npm start', () => {
  it('names the port in use and how to choose another', async () => {
    // Prepare
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));

    // Act
    const result = await start(['--port', String(port), '--data-dir', dataFolder()]);
    blocker.close();

    // Assess
    expect(result.code).toBe(1);
    expect(result.output).toContain(`Port ${port} is in use.`);
    expect(result.output).toContain(`PORT=${port + 1} npm start`);
    expect(result.output).toContain(`--port ${port + 1}`);
  });

  it('names the damaged data folder to delete when its journal cannot be read', async () => {
    // Prepare
    const dataDir = dataFolder();
    writeFileSync(join(dataDir, 'journal.jsonl'), 'not json\n{"type":"started"}\n');

    // Act
    const result = await start(['--port', String(await freePort()), '--data-dir', dataDir]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.output).toContain(`The data folder ${dataDir} is damaged`);
    expect(result.output).toContain(`Delete the folder ${dataDir}`);
  });

  it('says how to install Java when it is not on the PATH', async () => {
    // Act: a PATH with Node (node_modules/.bin) and nothing else.
    const result = await start(['--port', String(await freePort()), '--data-dir', dataFolder()], bin);

    // Assess
    expect(result.code).toBe(1);
    expect(result.output).toContain('Java is not on the PATH');
    expect(result.output).toContain('apt-get install openjdk-17-jre-headless');
  });

  it('names the folder to delete when DynamoDB Local cannot read its files', async () => {
    // Prepare
    const dataDir = dataFolder();
    mkdirSync(join(dataDir, 'dynamodb'));
    writeFileSync(join(dataDir, 'dynamodb', 'shared-local-instance.db'), Buffer.alloc(16_384, 0x5a));

    // Act
    const result = await start(['--port', String(await freePort()), '--data-dir', dataDir]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.output).toContain(`DynamoDB Local cannot read its data in ${join(dataDir, 'dynamodb')}`);
    expect(result.output).toContain(`Delete the folder ${join(dataDir, 'dynamodb')}`);
  });
});
