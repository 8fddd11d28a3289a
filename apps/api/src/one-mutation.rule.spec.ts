import { buildSchema, parse, validate } from 'graphql';

import { oneMutationFieldRule } from './one-mutation.rule';

const schema = buildSchema(`
  type Query { me: String }
  type Mutation { a(x: Int): Int  b: Int }
`);
const errorsOf = (document: string) =>
  validate(schema, parse(document), [oneMutationFieldRule]).map((e) => e.message);

describe('oneMutationFieldRule', () => {
  it('lets one mutation field through, with __typename beside it, and leaves queries alone', () => {
    expect(errorsOf('mutation { a(x: 1) }')).toEqual([]);
    expect(errorsOf('mutation { __typename a }')).toEqual([]);
    expect(errorsOf('query { me m1: me m2: me }')).toEqual([]);
  });

  it('refuses a second field however it is written: aliases, inline fragments, named fragments', () => {
    const refused = ['One mutation per request: this one has 2. Send them one at a time.'];
    expect(errorsOf('mutation { a b }')).toEqual(refused);
    expect(errorsOf('mutation { x: a(x: 1) y: a(x: 2) }')).toEqual(refused);
    expect(errorsOf('mutation { a ... on Mutation { b } }')).toEqual(refused);
    expect(errorsOf('mutation { ...F ...F } fragment F on Mutation { a }')).toEqual([]);
    expect(errorsOf('mutation { a ...F } fragment F on Mutation { b }')).toEqual(refused);
  });
});
