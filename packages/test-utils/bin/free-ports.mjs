#!/usr/bin/env node
// Prints N free TCP ports (default 1), separated by spaces: packages/test-utils/src/freePorts.mjs
// for shell scripts and for Playwright's config, which is evaluated synchronously.
import { freePorts } from '../src/freePorts.mjs';

const count = Number(process.argv[2] ?? 1);
process.stdout.write((await freePorts(count)).join(' '));
