import { unescapeHubUsername, userRefForHubLabel } from './hubUsernames';

describe('unescapeHubUsername', () => {
  it.each([
    ['ada', 'ada'],
    ['ada-2elovelace', 'ada.lovelace'],
    ['mary-2djane', 'mary-jane'],
    ['grace-40example-2eorg', 'grace@example.org'],
    ['ren-c3-a9', 'rené'],
    // KubeSpawner 7 "safe" names with a hash cannot be reversed: kept as they are.
    ['ada-lovelace---1a2b3c4d', 'ada-lovelace---1a2b3c4d'],
    ['plain-name', 'plain-name'],
  ])('%s -> %s', (label, name) => {
    expect(unescapeHubUsername(label)).toBe(name);
  });

  it('gives the catalog user of a label value', () => {
    expect(userRefForHubLabel('k-2ejohnson')).toBe('user:default/k.johnson');
    expect(userRefForHubLabel('Ada')).toBe('user:default/ada');
  });
});
