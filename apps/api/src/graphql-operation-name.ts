const GRAPHQL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const GRAPHQL_OPERATION = /(?:^|[\s}])(query|mutation|subscription)\b\s*([A-Za-z_][A-Za-z0-9_]*)?/g;

/**
 * What a GraphQL request asked for, for its log line: `mutation login`, or the bare kind when the
 * operation has no name. A cheap scan, not a parse (Apollo parses the document once, later): good
 * enough to name an operation in a log, and never trusted for anything else.
 */
export function graphqlOperationName(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { query, operationName } = body as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string') return undefined;
  const source = query.replace(/#[^\n]*/g, '');
  if (/^\s*\{/.test(source)) return 'query';
  const operations = [...source.matchAll(GRAPHQL_OPERATION)].map(([, kind, name]) => ({ kind, name }));
  const chosen =
    typeof operationName === 'string' && GRAPHQL_NAME.test(operationName)
      ? operations.find((operation) => operation.name === operationName)
      : operations[0];
  if (!chosen) return undefined;
  return chosen.name ? `${chosen.kind} ${chosen.name}` : chosen.kind;
}
