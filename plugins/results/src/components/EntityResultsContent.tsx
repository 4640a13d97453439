import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import { Link as RouterLink } from 'react-router-dom';
import { ResultsTable } from './ResultsTable';

const publishButton = (
  <div style={{ marginBottom: 16 }}>
    <Button component={RouterLink} to="/results/publish" variant="outlined">
      Publish a notebook
    </Button>
  </div>
);

/** The Results tab of a data-science project: the results published for it. */
export function ProjectResultsContent() {
  const { entity } = useEntity();
  return (
    <>
      {publishButton}
      <ResultsTable
        title="Results of this project"
        query={{ project: stringifyEntityRef(entity) }}
        emptyText="No results of this project that you can see. Publish one from a workspace of the project."
      />
    </>
  );
}

/** The Results tab of a group: results of the projects the group owns. */
export function GroupResultsContent() {
  const { entity } = useEntity();
  return (
    <ResultsTable
      title="Results of this team's projects"
      query={{ team: stringifyEntityRef(entity) }}
      emptyText="No results of this team's projects that you can see."
    />
  );
}

/** The Results tab of a person: what they published (that the viewer may see). */
export function UserResultsContent() {
  const { entity } = useEntity();
  return (
    <ResultsTable
      title="Published by this person"
      query={{ author: stringifyEntityRef(entity) }}
      emptyText="Nothing published by this person that you can see."
    />
  );
}
