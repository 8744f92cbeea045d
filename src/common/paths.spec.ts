import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { projectRoot } from './paths';

describe('projectRoot', () => {
  it('finds the folder that holds package.json', () => {
    expect(existsSync(join(projectRoot(), 'package.json'))).toBe(true);
  });
});
