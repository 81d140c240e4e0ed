/** Small HTTP helpers shared by the bench: GraphQL over HTTP and reading /metrics. */

export async function gql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (!res.ok || body.errors || !body.data) {
    throw new Error(`GraphQL ${res.status}: ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
  }
  return body.data;
}

/** Each metric's samples summed over their labels (absent metrics are 0), from one scrape. */
export async function metrics<K extends string>(
  url: string,
  names: readonly K[],
): Promise<Record<K, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const sums = Object.fromEntries(names.map((n) => [n, 0])) as Record<K, number>;
  for (const line of text.split('\n')) {
    const name = line.slice(0, line.search(/[{ ]/)) as K;
    if (name in sums) sums[name] += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sums;
}

/** Samples of one metric by the value of one label, e.g. commands by `command`. */
export async function metricByLabel(
  url: string,
  name: string,
  label: string,
): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const values: Record<string, number> = {};
  const pattern = new RegExp(`^${name}\\{(?:.*,)?${label}="([^"]*)".*\\} (\\S+)$`, 'gm');
  for (const match of text.matchAll(pattern)) values[match[1]!] = Number(match[2]);
  return values;
}

/** One metric, summed over its labels. */
export async function metric(url: string, name: string): Promise<number> {
  return (await metrics(url, [name]))[name] ?? 0;
}
