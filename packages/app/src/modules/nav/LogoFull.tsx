import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 30 },
  mark: { fill: '#7df3e1' },
  text: {
    fill: '#7df3e1',
    fontFamily: 'Helvetica, Arial, sans-serif',
    fontWeight: 700,
    fontSize: 22,
  },
});

export const LogoFull = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 120 32"
      role="img"
      aria-label="Atrium"
    >
      <path
        className={classes.mark}
        d="M2 9 16 2l14 7v3H2zM5 14h4v12H5zM14 14h4v12h-4zM23 14h4v12h-4zM2 27h28v3H2z"
      />
      <text className={classes.text} x="38" y="25">
        Atrium
      </text>
    </svg>
  );
};
