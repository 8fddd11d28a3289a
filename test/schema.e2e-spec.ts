import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { TestApi } from './support/test-app';

/**
 * The generated GraphQL schema is checked in (schema.gql) so every API change shows in review.
 * This fails when the code and the file disagree; `npm run schema` rewrites the file.
 */
describe('checked-in GraphQL schema', () => {
  it('matches the schema the code generates', async () => {
    const generated = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-schema-')), 'schema.gql');
    const api = await TestApi.start({}, { schemaFile: generated });
    await api.stop();
    const fresh = fs.readFileSync(generated, 'utf8');
    const checkedIn = path.join(process.cwd(), 'schema.gql');
    if (process.env.UPDATE_SCHEMA === '1') fs.writeFileSync(checkedIn, fresh);
    expect(fs.readFileSync(checkedIn, 'utf8')).toBe(fresh);
    for (const name of ['login', 'me', 'agencies', 'createUser', 'deactivateUser', 'createApiKey']) {
      expect(fresh).toContain(`  ${name}`);
    }
  });
});
