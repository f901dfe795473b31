import { describe, expect, it } from 'vitest';
import { cachedDetection } from '../../../electron/core/agents/detect-cache.js';
import type { DetectedAgent } from '../../../electron/core/agents/detected-agent.js';

const demo: DetectedAgent = { preset: 'demo', label: 'Demo agent', command: '', installed: true, state: 'usable', install: 'nothing' };

function counting(fail = false) {
  const paths: string[] = [];
  const detect = async (env: NodeJS.ProcessEnv) => {
    paths.push(env.PATH ?? '');
    if (fail && paths.length === 1) throw new Error('detection failed');
    return [demo];
  };
  return { paths, detect };
}

describe('cachedDetection', () => {
  it('shares one detection between callers, the one under way included, for the same PATH', async () => {
    const { paths, detect } = counting();
    const cached = cachedDetection(detect);
    const [a, b] = await Promise.all([cached({ PATH: '/bin' }), cached({ PATH: '/bin' })]);
    expect(await cached({ PATH: '/bin' })).toBe(a);
    expect(b).toBe(a);
    expect(paths).toEqual(['/bin']);
  });

  it('detects anew for another PATH, after its time, and after a failure', async () => {
    const other = counting();
    const cached = cachedDetection(other.detect);
    await cached({ PATH: '/bin' });
    await cached({ PATH: '/usr/local/bin' });
    expect(other.paths).toEqual(['/bin', '/usr/local/bin']);

    const expired = counting();
    const never = cachedDetection(expired.detect, 0);
    await never({ PATH: '/bin' });
    await never({ PATH: '/bin' });
    expect(expired.paths).toHaveLength(2);

    const failing = counting(true);
    const retried = cachedDetection(failing.detect);
    await expect(retried({ PATH: '/bin' })).rejects.toThrow('detection failed');
    expect(await retried({ PATH: '/bin' })).toEqual([demo]);
  });
});
