import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Pages render several tables and the notebook renderer's batches; on a machine shared
// with other test runs, that can take longer than the default second.
configure({ asyncUtilTimeout: 5_000 });
