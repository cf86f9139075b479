#!/usr/bin/env node
// Frontdesk's command line. The sources are TypeScript run by Node's type stripping
// (Node >= 22.18 / 24), so there is no build step between a checkout and a running server.
import '../src/cli/main.ts';
