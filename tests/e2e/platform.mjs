// Starts a real platform process (the built Platform.Api on Kestrel) on a free loopback port with
// its own SQLite file, and a real Chromium. Used by every browser test.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const artifacts = path.join(root, 'artifacts', 'e2e');
mkdirSync(artifacts, { recursive: true });

export const admin = { userName: 'admin', password: 'e2e-admin-password' };

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function startPlatform({ templates = 'sales-crm' } = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lowcode-e2e-'));
  const apiDir = path.join(root, 'Platform.Api');
  const proc = spawn('dotnet', [path.join(apiDir, 'bin/Release/net10.0/Platform.Api.dll'), '--urls', url], {
    cwd: apiDir,
    env: {
      ...process.env,
      LOWCODE_DATA_DIR: dataDir,
      LOWCODE_TEMPLATES_DIR: path.join(root, 'templates'),
      LOWCODE_INSTALL_TEMPLATES: templates,
      LOWCODE_ADMIN_USER: admin.userName,
      LOWCODE_ADMIN_PASSWORD: admin.password,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  proc.stdout.on('data', (d) => (log += d));
  proc.stderr.on('data', (d) => (log += d));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`platform exited early:\n${log}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`platform did not become healthy:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dataDir,
    log: () => log,
    stop: () =>
      new Promise((resolve) => {
        proc.once('exit', resolve);
        proc.kill('SIGTERM');
      }),
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const desktop = { width: 1280, height: 800 };
export const phone = { width: 390, height: 844 };
