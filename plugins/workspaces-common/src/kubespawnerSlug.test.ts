import { kubespawnerSlug } from './kubespawnerSlug';

/*
 * Expected slugs computed with python-slugify 9.0.0 (its default 'legacy' algorithm, the
 * steps of 8.0.4) on Python 3.11: `slugify(name)` with text-unidecode 1.3, and checked to
 * be the same with Unidecode 1.3.6 installed instead.
 */
describe('kubespawnerSlug', () => {
  it.each([
    // Nebari's default profiles and its docs' GPU profile
    // (nebari-dev/nebari-docs docs/classic/explanations/advanced-configuration.md),
    // and nebari-dev/nebari tests/common/config_mod_utils.py's "GPU Instance"
    ['Small Instance', 'small-instance'],
    ['Medium Instance', 'medium-instance'],
    ['A100 GPU Instance 1x', 'a100-gpu-instance-1x'],
    ['GPU Instance', 'gpu-instance'],
  ])("slugs Nebari's %j as %j", (name, slug) => {
    expect(kubespawnerSlug(name)).toBe(slug);
  });

  it.each([
    // jupyterhub/kubespawner tests/test_profile.py, tests/test_spawner.py and the
    // profile_list docstring in kubespawner/spawner.py
    ['Something without a slug', 'something-without-a-slug'],
    ['Something without choices', 'something-without-choices'],
    ['Something with choices', 'something-with-choices'],
    ['Training Env - Python', 'training-env-python'],
    ['Training Env - Datascience', 'training-env-datascience'],
    ['Training Env - R', 'training-env-r'],
    ['Test choices', 'test-choices'],
    ['Test choices no regex', 'test-choices-no-regex'],
    ['Demo - profile_list entry 1', 'demo-profile-list-entry-1'],
  ])("slugs KubeSpawner's %j as %j", (name, slug) => {
    expect(kubespawnerSlug(name)).toBe(slug);
  });

  it.each([
    // quotes, transliteration, HTML references, digit grouping, separators
    ["Ada's GPU", 'ada-s-gpu'],
    ['Ada’s GPU', 'adas-gpu'],
    ['Café – GPU', 'cafe-gpu'],
    ['Große Maschine', 'grosse-maschine'],
    ['R &amp; Python', 'r-python'],
    ['caf&eacute;', 'cafe'],
    ['x&#39;y', 'xy'],
    ['&frac12; node', '1-2-node'],
    ['1,000 cores', '1000-cores'],
    ['GPU 🚀', 'gpu'],
    ['Кластер GPU', 'klaster-gpu'],
    ['Ωmega', 'omega'],
    ['  --Spaces__and__underscores--  ', 'spaces-and-underscores'],
    ['A100 (40 GB) ×2', 'a100-40-gb-x2'],
    ['&#1114112;x &#65;', '1114112-x-65'],
    ['ﬁne tuning', 'fine-tuning'],
    ['Ⅻ cores', 'xii-cores'],
    ['½ GPU', '1-2-gpu'],
    ['&nbsp;x', 'x'],
    ['İstanbul', 'istanbul'],
    ['Ørsted Æble', 'orsted-aeble'],
    ['a&#x41;b&#x110000;', 'a-x41-b-x110000'],
    ['Nvidia® A100™', 'nvidia-r-a100tm'],
    ['“Quoted” profile…', 'quoted-profile'],
  ])('slugs %j as %j, as python-slugify does', (name, slug) => {
    expect(kubespawnerSlug(name)).toBe(slug);
  });

  it.each(['北京 GPU', '\u{1F170} node', 'a\u0241b'])(
    'refuses to guess the slug of %j and asks for one',
    name => {
      expect(() => kubespawnerSlug(name)).toThrow(
        /cannot derive the slug KubeSpawner gives .*: add 'slug' with the profile's slug on the hub/,
      );
    },
  );
});
