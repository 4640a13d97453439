import { useCallback, useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  EntityRefLink,
  catalogApiRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  ENVIRONMENT_ANNOTATION,
  GIT_REPOSITORY_ANNOTATION,
  TEMPLATE_ANNOTATION,
  WORKSPACE_PROFILE_ANNOTATION,
  diffEnvironments,
} from '@internal/plugin-environments-common';
import type { Workspace } from '@internal/plugin-workspaces-common';
import { workspacesApiRef } from '@internal/plugin-workspaces-react';
import { diffRows, summarizeDiff } from './EnvironmentDiffTable';
import { LifecycleChip } from './LifecycleChip';
import {
  environmentNameOf,
  loadEnvironmentVersions,
  newerProductionVersion,
  normalizeRef,
} from './environmentData';
import { errorMessage } from '@internal/frontend-kit';

/** `kind:namespace/name` -> the entity's catalog page (the app mounts the catalog at /catalog). */
export function entityPath(ref: string): string {
  const { kind, namespace, name } = parseEntityRef(ref);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}`;
}

/** `<project>-<n>`, the first n not taken by the caller's workspaces of the project. */
export function nextWorkspaceName(project: string, taken: string[]): string {
  const base =
    project
      .toLocaleLowerCase('en-US')
      .replace(/[^a-z0-9-]+/g, '-')
      .slice(0, 55)
      .replace(/^-+|-+$/g, '') || 'project';
  const names = new Set(taken);
  let n = 1;
  while (names.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

function Fact(props: { label: string; children: React.ReactNode }) {
  return (
    <Box mb={1.5}>
      <Typography variant="overline" color="textSecondary" component="div">
        {props.label}
      </Typography>
      <Typography variant="body2" component="div">
        {props.children}
      </Typography>
    </Box>
  );
}

/** Follows a launched workspace until it runs or fails. */
function useLaunchedWorkspace(initial: Workspace | undefined) {
  const launcher = useApi(workspacesApiRef);
  const [workspace, setWorkspace] = useState(initial);
  useEffect(() => setWorkspace(initial), [initial]);
  const id = workspace?.id;
  const status = workspace?.status;
  useEffect(() => {
    if (!id || status !== 'starting') return undefined;
    const timer = setTimeout(async () => {
      try {
        setWorkspace(await launcher.getWorkspace(id));
      } catch {
        // A failed poll is retried by the next render's timer.
        setWorkspace(current => (current ? { ...current } : current));
      }
    }, 1500);
    return () => clearTimeout(timer);
  }, [launcher, id, status, workspace]);
  return workspace;
}

function LaunchPanel(props: {
  project: Entity;
  profile?: string;
  environment?: string;
}) {
  const launcher = useApi(workspacesApiRef);
  const projectRef = stringifyEntityRef(props.project);
  const [launching, setLaunching] = useState(false);
  const [launchError, setLaunchError] = useState<string>();
  const [launched, setLaunched] = useState<Workspace>();
  const workspace = useLaunchedWorkspace(launched);

  const launch = useCallback(async () => {
    if (!props.profile) return;
    setLaunching(true);
    setLaunchError(undefined);
    try {
      const existing = await launcher.listWorkspaces({
        scope: 'mine',
        project: projectRef,
      });
      const created = await launcher.createWorkspace({
        name: nextWorkspaceName(
          props.project.metadata.name,
          existing.map(w => w.name),
        ),
        profile: props.profile,
        project: projectRef,
        ...(props.environment ? { environment: props.environment } : {}),
        start: true,
      });
      setLaunched(created);
    } catch (error) {
      setLaunchError(errorMessage(error));
    } finally {
      setLaunching(false);
    }
  }, [
    launcher,
    projectRef,
    props.profile,
    props.environment,
    props.project.metadata.name,
  ]);

  return (
    <Box mt={2}>
      <Button
        variant="contained"
        color="primary"
        onClick={launch}
        disabled={
          !props.profile || launching || workspace?.status === 'starting'
        }
      >
        Launch workspace
      </Button>
      {!props.profile && (
        <Typography variant="caption" color="textSecondary" display="block">
          Give the project an {WORKSPACE_PROFILE_ANNOTATION} annotation to
          launch from here.
        </Typography>
      )}
      {launchError && (
        <Box mt={1}>
          <Alert severity="error">{launchError}</Alert>
        </Box>
      )}
      {workspace && (
        <Box mt={1} aria-live="polite">
          <Typography variant="body2">
            Workspace <strong>{workspace.name}</strong>: {workspace.status}
            {workspace.statusReason ? ` (${workspace.statusReason})` : ''}
          </Typography>
          {workspace.status === 'starting' && <LinearProgress />}
          {workspace.status === 'running' && workspace.url && (
            <Link to={workspace.url} target="_blank">
              Open JupyterLab
            </Link>
          )}
          {workspace.status === 'failed' && (
            <Alert severity="error">
              {workspace.statusReason ?? 'The workspace failed to start'}
            </Alert>
          )}
          <Box mt={0.5}>
            <Link to={`${entityPath(projectRef)}/workspaces`}>
              This project's workspaces
            </Link>
          </Box>
        </Box>
      )}
    </Box>
  );
}

/** The environment part: its version and lifecycle, and drift to a newer production one. */
function EnvironmentFacts(props: { environmentRef: string }) {
  const catalogApi = useApi(catalogApiRef);
  const { value, loading, error } = useAsync(async () => {
    const entity = await catalogApi.getEntityByRef(props.environmentRef);
    if (!entity) return { entity: undefined };
    const name = environmentNameOf(entity);
    const versions = name
      ? await loadEnvironmentVersions(catalogApi, name)
      : [];
    const pinned = versions.find(
      v => v.ref === normalizeRef(props.environmentRef),
    );
    const newer = pinned ? newerProductionVersion(versions, pinned) : undefined;
    const diff =
      pinned?.environment && newer?.environment
        ? diffEnvironments(pinned.environment, newer.environment)
        : undefined;
    return { entity, pinned, newer, diff };
  }, [catalogApi, props.environmentRef]);

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value?.entity) {
    return (
      <Fact label="Environment">
        <Alert severity="warning">
          {props.environmentRef} is not in the catalog: the environment may have
          been removed, so this project cannot be reproduced as it was.
        </Alert>
      </Fact>
    );
  }
  const { entity, pinned, newer, diff } = value;
  return (
    <>
      <Fact label="Environment">
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <EntityRefLink entityRef={entity} />
          {pinned && <LifecycleChip lifecycle={pinned.lifecycle} />}
        </Box>
        {pinned?.problem && (
          <Typography variant="caption" color="error">
            {pinned.problem}
          </Typography>
        )}
      </Fact>
      {newer && diff && (
        <Alert
          severity={pinned?.lifecycle === 'deprecated' ? 'warning' : 'info'}
        >
          <Typography variant="body2">
            A newer production version exists: <strong>{newer.version}</strong>{' '}
            ({summarizeDiff(diff)}).
          </Typography>
          <Box component="ul" my={0.5} pl={2}>
            {diffRows(diff)
              .slice(0, 6)
              .map(row => (
                <li key={`${row.manager}:${row.name}`}>
                  <Typography variant="caption">
                    {row.change} {row.name}
                    {row.from && ` ${row.from}`}
                    {row.from && row.to && ' →'}
                    {row.to && ` ${row.to}`}
                  </Typography>
                </li>
              ))}
          </Box>
          <Link to={`${entityPath(stringifyEntityRef(newer.entity))}/versions`}>
            Compare the versions
          </Link>
        </Alert>
      )}
      {!newer && pinned && (
        <Typography variant="caption" color="textSecondary">
          This is the newest production version.
        </Typography>
      )}
    </>
  );
}

/**
 * The environment card of a data-science project: the environment version it pins
 * (and whether a newer production one exists, with what would change), its workspace
 * profile, template and git repository, and a button that launches a workspace with
 * exactly that environment and profile.
 */
export function ProjectEnvironmentCard() {
  const { entity } = useEntity();
  const annotations = entity.metadata.annotations ?? {};
  const environmentRef = annotations[ENVIRONMENT_ANNOTATION];
  const profile = annotations[WORKSPACE_PROFILE_ANNOTATION];
  const template = annotations[TEMPLATE_ANNOTATION];
  const repository = annotations[GIT_REPOSITORY_ANNOTATION];

  return (
    <InfoCard title="Environment">
      {environmentRef ? (
        <EnvironmentFacts environmentRef={environmentRef} />
      ) : (
        <Fact label="Environment">
          <Typography variant="body2" color="textSecondary">
            This project pins no environment (annotation{' '}
            {ENVIRONMENT_ANNOTATION}).
          </Typography>
        </Fact>
      )}
      <Box mt={2}>
        <Fact label="Workspace profile">{profile ?? '—'}</Fact>
        <Fact label="Template">{template ?? '—'}</Fact>
        <Fact label="Git repository">
          {repository ? <code>{repository}</code> : '—'}
        </Fact>
      </Box>
      <LaunchPanel
        project={entity}
        profile={profile}
        environment={environmentRef}
      />
    </InfoCard>
  );
}
