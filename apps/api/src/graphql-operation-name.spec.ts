import { graphqlOperationName } from './graphql-operation-name';

describe('graphqlOperationName (the request log line)', () => {
  it.each([
    [{ query: 'mutation login($e: String!) { login(email: $e) { accessToken } }' }, 'mutation login'],
    [{ query: '{ me { id } }' }, 'query'],
    [{ query: '  # who am I\n{ me { id } }' }, 'query'],
    [{ query: 'query { me { id } }' }, 'query'],
    [{ query: 'subscription Live { incidentChanged { id } }' }, 'subscription Live'],
    [{ query: 'fragment F on User { id } query Me { me { ...F } }' }, 'query Me'],
    [{ query: 'query A { a } mutation B { b }', operationName: 'B' }, 'mutation B'],
    [{ query: 'query A { a }', operationName: 'Missing' }, undefined],
    // Not a GraphQL name (Apollo refuses the request): never put into a pattern, the first operation is named.
    [{ query: 'query A { a }', operationName: 'A.*(' }, 'query A'],
  ])('%j → %s', (body, expected) => {
    expect(graphqlOperationName(body)).toBe(expected);
  });

  it('names nothing for what is not a GraphQL body', () => {
    expect(graphqlOperationName(undefined)).toBeUndefined();
    expect(graphqlOperationName('query A { a }')).toBeUndefined();
    expect(graphqlOperationName({ query: 42 })).toBeUndefined();
    expect(graphqlOperationName([{ query: '{ a }' }])).toBeUndefined();
  });
});
