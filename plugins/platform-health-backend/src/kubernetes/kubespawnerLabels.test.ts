import {
  legacyEscapeSlug,
  safeLabelSlug,
  workspaceKey,
  workspaceKeyOfPod,
  workspaceLookupKeys,
} from './kubespawnerLabels';

describe("KubeSpawner's label values", () => {
  it('match safe_slug(name, is_valid=is_valid_label) on the vectors of KubeSpawner 7 (tests/test_slugs.py)', () => {
    const vectors: Array<[string, string]> = [
      ['jupyter-alex', 'jupyter-alex'],
      ['jupyter-Alex', 'jupyter-Alex'], // a valid label value (upper case allowed)
      ['jupyter-üni', 'jupyter-ni---a5aaf5dd'],
      ['endswith-', 'endswith---165f1166'],
      ['-start', 'start---f587e2dc'],
      ['username--servername', 'username-servername---d957f1de'],
      ['start---f587e2dc', 'start-f587e2dc---cc5bb9c9'],
      ['x'.repeat(63), 'x'.repeat(63)],
      ['x'.repeat(64), 'xxxxxxxxxxxxxxxxxxxxx---7ce10097'],
      ['x'.repeat(65), 'xxxxxxxxxxxxxxxxxxxxx---9537c5fd'],
      ['', ''],
      ['x', 'x'],
      ['-x', 'x---a4209624'],
      ['x-', 'x---c8b60efc'],
    ];
    for (const [name, expected] of vectors) {
      expect([name, safeLabelSlug(name)]).toEqual([name, expected]);
    }
  });

  it("match escapism's escaping of KubeSpawner before 7 (safe [a-z0-9], '-' escapes each UTF-8 byte, lower-cased)", () => {
    expect(legacyEscapeSlug('ada')).toBe('ada');
    expect(legacyEscapeSlug('Ada')).toBe('-41da');
    expect(legacyEscapeSlug('ada.lovelace@example.org')).toBe(
      'ada-2elovelace-40example-2eorg',
    );
    expect(legacyEscapeSlug('jupyter-üni')).toBe('jupyter-2d-c3-bcni');
  });

  it('index a pod by its raw-name annotations when it has them, else by its labels; only single-user servers', () => {
    const labels = {
      component: 'singleuser-server',
      'hub.jupyter.org/username': 'ada-lovelace-example-org---1a2b3c4d',
      'hub.jupyter.org/servername': '',
    };
    expect(workspaceKeyOfPod({ labels })).toBe(
      workspaceKey('ada-lovelace-example-org---1a2b3c4d', ''),
    );
    expect(
      workspaceKeyOfPod({
        labels,
        annotations: { 'hub.jupyter.org/username': 'ada.lovelace@example.org' },
      }),
    ).toBe(workspaceKey('ada.lovelace@example.org', ''));
    expect(
      workspaceKeyOfPod({ labels: { ...labels, component: 'hub' } }),
    ).toBeUndefined();
    expect(workspaceLookupKeys('ada', '')).toEqual([workspaceKey('ada', '')]);
    expect(workspaceLookupKeys('Ada', 'GPU run')).toEqual([
      workspaceKey('Ada', 'GPU run'),
      workspaceKey('Ada', safeLabelSlug('GPU run')),
      workspaceKey('-41da', 'GPU run'),
    ]);
  });
});
