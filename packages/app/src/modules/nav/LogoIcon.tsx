import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 28 },
  mark: { fill: '#7df3e1' },
});

/** Atrium's mark: an open courtyard (three columns under a lintel). */
export const LogoIcon = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 32 32"
      role="img"
      aria-label="Atrium"
    >
      <path
        className={classes.mark}
        d="M2 9 16 2l14 7v3H2zM5 14h4v12H5zM14 14h4v12h-4zM23 14h4v12h-4zM2 27h28v3H2z"
      />
    </svg>
  );
};
