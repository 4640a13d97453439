import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { CostReportPanel } from './CostReportPanel';
import { shortRef } from './format';

/** The Costs tab of a group: its cost over time, by member, project or profile. */
export function GroupCostsContent() {
  const { entity } = useEntity();
  const ref = stringifyEntityRef(entity);
  const name = entity.metadata.title ?? entity.metadata.name;
  return (
    <CostReportPanel
      title={`Costs of ${name}`}
      filter={{ group: ref }}
      groupByOptions={['user', 'project', 'profile']}
      forbiddenMessage={`Only members of ${name} and admins see its costs.`}
    />
  );
}

/** The owner of a project as people know it: `group:default/team-vision` -> `team-vision`. */
function ownerName(owner: unknown): string | undefined {
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return shortRef(
      stringifyEntityRef(parseEntityRef(owner, { defaultKind: 'group' })),
    );
  } catch {
    return owner;
  }
}

/** The Costs tab of a data-science project: its cost over time, by person or profile. */
export function ProjectCostsContent() {
  const { entity } = useEntity();
  const ref = stringifyEntityRef(entity);
  const owner = ownerName(entity.spec?.owner);
  return (
    <CostReportPanel
      title={`Costs of ${entity.metadata.title ?? entity.metadata.name}`}
      filter={{ project: ref }}
      groupByOptions={['user', 'profile']}
      forbiddenMessage={`Only members of ${
        owner ?? "the project's owning group"
      } and admins see its costs.`}
    />
  );
}
