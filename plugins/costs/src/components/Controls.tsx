import { useId } from 'react';
import Chip from '@material-ui/core/Chip';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import NativeSelect from '@material-ui/core/NativeSelect';
import Tooltip from '@material-ui/core/Tooltip';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import type { CostDimension } from '@internal/plugin-costs-common';
import { DIMENSION_LABELS, RANGE_PRESETS, type RangePreset } from './format';

/** The period a view covers (a native select: quick to use from the keyboard). */
export function RangePicker(props: {
  value: RangePreset;
  onChange: (value: RangePreset) => void;
}) {
  const id = useId();
  return (
    <FormControl size="small" style={{ minWidth: 160 }}>
      <InputLabel htmlFor={`${id}-range`}>Period</InputLabel>
      <NativeSelect
        id={`${id}-range`}
        value={props.value}
        onChange={e => props.onChange(e.target.value as RangePreset)}
      >
        {RANGE_PRESETS.map(p => (
          <option key={p.value} value={p.value}>
            {p.label}
          </option>
        ))}
      </NativeSelect>
    </FormControl>
  );
}

/** What the figures are grouped by. */
export function GroupByToggle<T extends CostDimension>(props: {
  options: T[];
  value: T;
  onChange: (value: T) => void;
  label?: string;
}) {
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={props.value}
      onChange={(_, value) => value && props.onChange(value)}
      aria-label={props.label ?? 'Group by'}
    >
      {props.options.map(option => (
        <ToggleButton key={option} value={option}>
          {DIMENSION_LABELS[option]}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}

/** Says that figures include seeded demo usage, not metering of real workspaces. */
export function DemoDataChip(props: { demo?: boolean }) {
  if (!props.demo) return null;
  return (
    <Tooltip title="Includes seeded demo usage (costs.demoData.enabled in app-config): not real metering">
      <Chip size="small" color="secondary" label="Demo data" />
    </Tooltip>
  );
}
