import Box from '@material-ui/core/Box';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  profileResources,
  type ProfileResources,
} from '@internal/plugin-workspaces-common';
import type { AvailableProfile } from '@internal/plugin-workspaces-react';
import { formatResources } from './format';

/**
 * What a launch with these options holds. The backend's `resources` describe the
 * profile as offered; options may override CPU, memory or GPUs, which only the
 * profile's own overrides tell, so those are recomputed when the profile carries them.
 */
export function launchResources(
  profile: AvailableProfile,
  options: Record<string, string>,
): ProfileResources {
  if (!profile.kubespawner_override) return profile.resources;
  try {
    return profileResources(profile, options);
  } catch {
    return profile.resources; // An override we cannot read: trust the backend.
  }
}

/** The profile select (name, description, resources) and the profile's option selects. */
export function ProfileFields(props: {
  /** Makes the fields' ids unique, so their labels name them. */
  idPrefix: string;
  profiles: AvailableProfile[];
  profile?: AvailableProfile;
  options: Record<string, string>;
  onProfileChange: (slug: string) => void;
  onOptionChange: (key: string, choice: string) => void;
}) {
  const {
    idPrefix,
    profiles,
    profile,
    options,
    onProfileChange,
    onOptionChange,
  } = props;
  return (
    <>
      <TextField
        id={`${idPrefix}-profile`}
        select
        fullWidth
        margin="normal"
        variant="outlined"
        label="Profile"
        value={profile?.slug ?? ''}
        onChange={e => onProfileChange(e.target.value)}
        SelectProps={{
          renderValue: slug =>
            profiles.find(p => p.slug === slug)?.display_name ?? String(slug),
        }}
        helperText={profile?.description}
      >
        {profiles.map(p => (
          <MenuItem key={p.slug} value={p.slug}>
            <ListItemText
              primary={`${p.display_name} — ${formatResources(p.resources)}`}
              secondary={p.description}
            />
          </MenuItem>
        ))}
      </TextField>
      {Object.entries(profile?.profile_options ?? {}).map(([key, option]) => (
        <TextField
          key={key}
          id={`${idPrefix}-option-${key}`}
          select
          fullWidth
          margin="normal"
          variant="outlined"
          label={option.display_name}
          value={options[key] ?? ''}
          onChange={e => onOptionChange(key, e.target.value)}
        >
          {Object.entries(option.choices).map(([choiceKey, choice]) => (
            <MenuItem key={choiceKey} value={choiceKey}>
              {choice.display_name}
            </MenuItem>
          ))}
        </TextField>
      ))}
      {profile && (
        <Box mt={1}>
          <Typography variant="body2" color="textSecondary">
            This workspace holds{' '}
            {formatResources(launchResources(profile, options))} while it runs.
          </Typography>
        </Box>
      )}
    </>
  );
}
