import { describe, expect, it } from 'vitest';

import { ensureRedisServer, RedisInstaller, RedisServerMissingError } from './embedded-redis';

/** A machine described by what is on its PATH; `run` records commands and may install. */
function machine(options: { isRoot: boolean; onPath: string[]; installs?: boolean }) {
  const onPath = new Set(options.onPath);
  const ran: string[] = [];
  const installer: RedisInstaller = {
    isRoot: options.isRoot,
    platform: 'linux',
    find: (command) => (onPath.has(command) ? `/usr/bin/${command}` : null),
    run: (command, args) => {
      ran.push([command, ...args].join(' '));
      if (options.installs && args.includes('install')) onPath.add('redis-server');
    },
  };
  return { installer, ran };
}

describe('ensureRedisServer', () => {
  it('uses the redis-server on the PATH without installing anything', () => {
    const { installer, ran } = machine({ isRoot: true, onPath: ['redis-server', 'apt-get'] });
    expect(ensureRedisServer('redis-server', installer)).toBe('/usr/bin/redis-server');
    expect(ran).toEqual([]);
  });

  it('installs it with apt-get, lists first, when root on Debian or Ubuntu', () => {
    const { installer, ran } = machine({ isRoot: true, onPath: ['apt-get'], installs: true });
    expect(ensureRedisServer('redis-server', installer)).toBe('/usr/bin/redis-server');
    expect(ran).toEqual(['apt-get update -q', 'apt-get install -y -q redis-server']);
  });

  it('tells anyone else the command to run, and never runs it', () => {
    const { installer, ran } = machine({ isRoot: false, onPath: ['apt-get'] });
    expect(() => ensureRedisServer('redis-server', installer)).toThrow(
      /Install it with: sudo apt-get install redis-server.*REDIS_URL/,
    );
    expect(ran).toEqual([]);
  });

  it('says so plainly when the install did not bring it', () => {
    const { installer } = machine({ isRoot: true, onPath: ['apt-get'], installs: false });
    expect(() => ensureRedisServer('redis-server', installer)).toThrow(RedisServerMissingError);
  });

  it('does not install over a REDIS_SERVER_PATH that points nowhere', () => {
    const { installer, ran } = machine({ isRoot: true, onPath: ['apt-get'] });
    expect(() => ensureRedisServer('/opt/redis/bin/redis-server', installer)).toThrow(
      /REDIS_SERVER_PATH=\/opt\/redis\/bin\/redis-server does not exist/,
    );
    expect(ran).toEqual([]);
  });

  it('names the package manager when there is no apt-get', () => {
    const { installer } = machine({ isRoot: false, onPath: [] });
    expect(() => ensureRedisServer('redis-server', installer)).toThrow(/package manager/);
    expect(() => ensureRedisServer('redis-server', { ...installer, platform: 'darwin' })).toThrow(
      /brew install redis/,
    );
  });
});
