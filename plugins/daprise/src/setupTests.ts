import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// material-table and whole test apps render slowly in jsdom, more so with parallel workers.
configure({ asyncUtilTimeout: 5_000 });
jest.setTimeout(30_000);
