import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { kubeRequest, LocalControlPlane } from '.';

jest.setTimeout(120_000);

function processesUsing(dir: string): string[] {
  // Every kube-apiserver and etcd started for a control plane names its temp dir in its args.
  return fs
    .readdirSync('/proc')
    .filter(pid => /^\d+$/.test(pid))
    .flatMap(pid => {
      try {
        const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return cmdline.includes(dir) ? [pid] : [];
      } catch {
        return [];
      }
    });
}

describe('LocalControlPlane lifecycle', () => {
  it('stops everything and removes its temp dir', async () => {
    const cp = await LocalControlPlane.start({ installCrds: false });
    expect(processesUsing(cp.dir)).toHaveLength(2);
    await cp.restartApiServer();
    expect(
      (await kubeRequest(cp.adminKubeConfig(), 'GET', '/readyz')).status,
    ).toBe(200);
    await cp.stop();
    expect(fs.existsSync(cp.dir)).toBe(false);
    expect(processesUsing(cp.dir)).toHaveLength(0);
  });

  it('leaves no process behind when its owner is killed with SIGKILL, and reaps the temp dir next time', async () => {
    const script = `
      const { LocalControlPlane } = require(${JSON.stringify(
        path.resolve(__dirname, 'index.ts'),
      )});
      LocalControlPlane.start({ installCrds: false }).then(cp => console.log('DIR=' + cp.dir));
      setInterval(() => {}, 1000); // stay alive until killed
    `;
    const child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
        '-e',
        script,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const dir = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', d => {
        out += d;
        const match = out.match(/DIR=(\S+)/);
        if (match) resolve(match[1]);
      });
      child.on('exit', code =>
        reject(new Error(`child exited ${code} before starting`)),
      );
    });
    expect(processesUsing(dir)).toHaveLength(2);
    child.kill('SIGKILL');
    const deadline = Date.now() + 15_000;
    while (processesUsing(dir).length > 0 && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 200));
    }
    expect(processesUsing(dir)).toHaveLength(0);
    expect(fs.existsSync(dir)).toBe(true);
    const next = await LocalControlPlane.start({ installCrds: false });
    await next.stop();
    expect(fs.existsSync(dir)).toBe(false);
  });
});
