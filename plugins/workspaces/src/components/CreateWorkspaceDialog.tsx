import { useCallback, useId, useState, type FormEvent } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  resolveOptions,
  WORKSPACE_NAME_PATTERN,
  WORKSPACE_NAME_RULE,
  type Workspace,
} from '@internal/plugin-workspaces-common';
import {
  workspacesApiRef,
  type AvailableProfile,
} from '@internal/plugin-workspaces-react';
import { LaunchPreviewPanel } from './LaunchPreviewPanel';
import { ProfileFields } from './ProfileFields';
import { WorkspaceProgress } from './WorkspaceProgress';
import { errorMessage } from '@internal/frontend-kit';

const nameHelp = `Names ${WORKSPACE_NAME_RULE}.`;

/** A project ref as typed, normalized (`churn` -> `component:default/churn`); throws if unreadable. */
function normalizeProject(text: string): string | undefined {
  if (!text.trim()) return undefined;
  return stringifyEntityRef(
    parseEntityRef(text.trim(), {
      defaultKind: 'component',
      defaultNamespace: 'default',
    }),
  );
}

function defaultProfile(profiles: AvailableProfile[]) {
  return profiles.find(p => p.default) ?? profiles[0];
}

function CreateForm(props: {
  profiles: AvailableProfile[];
  project?: string;
  onCreated: (workspace: Workspace) => void;
  onCancel: () => void;
}) {
  const api = useApi(workspacesApiRef);
  const { profiles, onCreated, onCancel } = props;
  const [name, setName] = useState('');
  const [profile, setProfile] = useState<AvailableProfile | undefined>(() =>
    defaultProfile(profiles),
  );
  const [options, setOptions] = useState(() =>
    profile ? resolveOptions(profile) : {},
  );
  const [project, setProject] = useState(props.project ?? '');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();
  const [refusal, setRefusal] = useState<string>();
  const onRefusal = useCallback(
    (reason: string | undefined) => setRefusal(reason),
    [],
  );
  // Ids tie each label (and helper text) to its input, for screen readers.
  const id = useId();

  const nameInvalid = name !== '' && !WORKSPACE_NAME_PATTERN.test(name);
  let projectRef: string | undefined;
  let projectInvalid = false;
  try {
    projectRef = normalizeProject(project);
  } catch {
    projectInvalid = true;
  }
  // A launch the admission checks would refuse is not offered (the reason is shown).
  const canSubmit =
    name !== '' &&
    !nameInvalid &&
    !projectInvalid &&
    !!profile &&
    !submitting &&
    !refusal;

  const onProfileChange = (slug: string) => {
    const next = profiles.find(p => p.slug === slug);
    setProfile(next);
    setOptions(next ? resolveOptions(next) : {});
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!canSubmit || !profile) return;
    setSubmitting(true);
    setError(undefined);
    try {
      onCreated(
        await api.createWorkspace({
          name,
          profile: profile.slug,
          options,
          ...(projectRef ? { project: projectRef } : {}),
          start: true,
        }),
      );
    } catch (e) {
      // 409 name taken, 403 refused by admission, 503 hub down: the message says what to do.
      setError(errorMessage(e));
      setSubmitting(false);
    }
  };

  return (
    // A flex column like the dialog's paper, so only the fields scroll and the Create
    // button stays in view on a phone (the form would otherwise scroll as one block).
    <form
      onSubmit={onSubmit}
      noValidate
      style={{
        display: 'flex',
        flexDirection: 'column',
        flex: '1 1 auto',
        minHeight: 0,
      }}
    >
      <DialogContent>
        {error && <Alert severity="error">{error}</Alert>}
        <TextField
          id={`${id}-name`}
          fullWidth
          required
          margin="normal"
          variant="outlined"
          label="Name"
          value={name}
          onChange={e => setName(e.target.value)}
          error={nameInvalid}
          helperText={
            nameInvalid
              ? `“${name}” is not a valid name: ${WORKSPACE_NAME_RULE}.`
              : nameHelp
          }
        />
        <ProfileFields
          idPrefix={id}
          profiles={profiles}
          profile={profile}
          options={options}
          onProfileChange={onProfileChange}
          onOptionChange={(key, choice) =>
            setOptions(o => ({ ...o, [key]: choice }))
          }
        />
        <TextField
          id={`${id}-project`}
          fullWidth
          margin="normal"
          variant="outlined"
          label="Project (optional)"
          value={project}
          onChange={e => setProject(e.target.value)}
          error={projectInvalid}
          helperText={
            projectInvalid
              ? 'Not an entity ref: use e.g. component:default/churn-model'
              : 'The catalog entity of the data-science project this workspace is for'
          }
        />
        {profile && (
          <LaunchPreviewPanel
            profile={profile.slug}
            options={options}
            project={projectRef}
            name={nameInvalid ? undefined : name || undefined}
            onRefusal={onRefusal}
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button
          type="submit"
          color="primary"
          variant="contained"
          disabled={!canSubmit}
        >
          Create and start
        </Button>
      </DialogActions>
    </form>
  );
}

function CreateDialogBody(props: {
  project?: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { project, onClose, onChanged } = props;
  const api = useApi(workspacesApiRef);
  const profiles = useAsync(() => api.listProfiles(), [api]);
  const [created, setCreated] = useState<Workspace>();

  if (created) {
    return (
      <>
        <DialogContent>
          <Typography gutterBottom>
            Starting <strong>{created.name}</strong>. You may close this dialog:
            the workspace keeps starting and the list shows how it ends.
          </Typography>
          <WorkspaceProgress workspaceId={created.id} onSettled={onChanged} />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Close</Button>
        </DialogActions>
      </>
    );
  }
  if (profiles.loading) return <Progress />;
  if (profiles.error) {
    return (
      <DialogContent>
        <ResponseErrorPanel error={profiles.error} />
      </DialogContent>
    );
  }
  if (!profiles.value?.length) {
    return (
      <>
        <DialogContent>
          <Alert severity="info">
            No workspace profile is open to you. Ask a platform admin to add you
            or one of your groups to a profile in workspaces.profiles.
          </Alert>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Close</Button>
        </DialogActions>
      </>
    );
  }
  return (
    <CreateForm
      profiles={profiles.value}
      project={project}
      onCancel={onClose}
      onCreated={workspace => {
        setCreated(workspace);
        onChanged();
      }}
    />
  );
}

/**
 * "New workspace": name, profile and options, project; then the start progress until
 * the workspace is ready to open or has failed.
 */
export function CreateWorkspaceDialog(props: {
  open: boolean;
  onClose: () => void;
  /** Called after the create and again when the start ended, so lists reload. */
  onChanged: () => void;
  /** An entity ref to prefill, when launched from a project's page. */
  project?: string;
}) {
  const { open, onClose, onChanged, project } = props;
  const titleId = useId();
  return (
    <Dialog
      open={open}
      onClose={onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby={titleId}
    >
      <DialogTitle id={titleId}>New workspace</DialogTitle>
      {/* Mounted only while open, so every opening starts from a fresh form. */}
      {open && (
        <CreateDialogBody
          project={project}
          onClose={onClose}
          onChanged={onChanged}
        />
      )}
    </Dialog>
  );
}
