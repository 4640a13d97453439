import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The Access page renders a matrix table and the admins' panels at once; on a machine
// shared with other test runs, their first render can take longer than a second.
configure({ asyncUtilTimeout: 5_000 });
