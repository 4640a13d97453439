import type { Entity } from '@backstage/catalog-model';

const user = (name: string, displayName: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { profile: { displayName } },
});
const group = (name: string, title: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default', title },
  spec: { type: 'team', children: [] },
});
const project = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'data-science-project', lifecycle: 'experimental', owner },
});

/** The demo organisation, as the catalog has it (examples/org.yaml). */
export const TEST_ENTITIES: Entity[] = [
  user('ada', 'Ada Lovelace'),
  user('alan', 'Alan Turing'),
  user('grace', 'Grace Hopper'),
  user('margaret', 'Margaret Hamilton'),
  user('linus', 'Linus Torvalds'),
  group('team-vision', 'Computer vision team'),
  group('team-genomics', 'Genomics team'),
  group('platform-admins', 'Platform admins'),
  project('cats-vs-dogs', 'team-vision'),
  project('genome-assembly', 'group:default/team-genomics'),
];

/** Who is in which group (what userInfo answers). */
export const TEST_GROUPS: Record<string, string[]> = {
  'user:default/ada': ['group:default/team-vision'],
  'user:default/alan': ['group:default/team-vision'],
  'user:default/grace': ['group:default/team-genomics'],
  'user:default/margaret': ['group:default/platform-admins'],
};
