import { ConfigReader } from '@backstage/config';
import { readTaskSchedule } from './schedule';

describe('readTaskSchedule', () => {
  const defaults = {
    frequency: { seconds: 30 },
    timeout: { seconds: 45 },
    initialDelay: { seconds: 5 },
    scope: 'global' as const,
  };

  it('takes the defaults when nothing is configured', () => {
    expect(readTaskSchedule(new ConfigReader({}), 'x.schedule', defaults)).toEqual(
      defaults,
    );
  });

  it('reads what is configured, the rest from the defaults', () => {
    const config = new ConfigReader({
      x: { schedule: { frequency: { minutes: 2 } } },
    });
    expect(readTaskSchedule(config, 'x.schedule', defaults)).toEqual({
      ...defaults,
      frequency: { minutes: 2 },
    });
  });

  it('reads ISO durations and refuses nonsense with the key in the message', () => {
    const iso = new ConfigReader({ x: { schedule: { frequency: 'PT10S' } } });
    expect(readTaskSchedule(iso, 'x.schedule', defaults).frequency).toBeDefined();
    const bad = new ConfigReader({ x: { schedule: { frequency: 'often' } } });
    expect(() => readTaskSchedule(bad, 'x.schedule', defaults)).toThrow(/frequency/);
  });
});
