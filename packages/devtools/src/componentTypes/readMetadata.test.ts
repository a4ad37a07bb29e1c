import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  buildComponentTypesBundle,
  serializeComponentTypesBundle,
} from './readMetadata';

const source = {
  module: 'github.com/dapr/components-contrib',
  version: 'v0.0.0',
  sum: 'h1:test=',
};

// Small metadata.yaml files in components-contrib's layout, with the cases the real ones
// have: a middleware under middleware/http, a number given as an example, a tab after a
// name, authentication profiles and a built-in profile with fields of the component's own.
const files: Record<string, string> = {
  'state/redis/metadata.yaml': `# yaml-language-server: $schema=../../component-metadata-schema.json
schemaVersion: v1
type: state
name: redis
version: v1
status: stable
title: "Redis"
urls:
  - title: Reference
    url: https://docs.dapr.io/redis/
capabilities:
  - crud
authenticationProfiles:
  - title: "Username and password"
    description: "Authenticate using username and password."
    metadata:
      - name: redisPassword
        required: false
        sensitive: true
        description: Password
        example: "KeFg23!"
metadata:
  - name: redisHost
    required: true
    description: Host
    example: "localhost:6379"
  - name: maxRetries
    type: number
    description: Retries
    example: 3
    default: 3
  - name: enableTLS\t
    type: bool
    description: TLS
    example: "false"
`,
  'middleware/http/bearer/metadata.yaml': `schemaVersion: v1
type: middleware
name: bearer
version: v1
status: alpha
title: "Bearer"
urls:
  - title: Reference
    url: https://docs.dapr.io/bearer/
metadata:
  - name: issuer
    required: true
    description: Issuer
    example: "https://accounts.google.com"
`,
  'bindings/kafka/metadata.yaml': `schemaVersion: v1
type: bindings
name: kafka
version: v1
status: stable
title: "Apache Kafka"
urls:
  - title: Reference
    url: https://docs.dapr.io/kafka/
binding:
  output: true
  input: true
  operations:
    - name: create
      description: "Publish"
builtinAuthenticationProfiles:
  - name: "aws"
    metadata:
      - name: awsSecretKey
        sensitive: true
        description: Secret
        example: '"x"'
metadata:
  - name: brokers
    required: true
    description: Brokers
    example: '"localhost:9092"'
    binding:
      output: true
  - name: oldField
    deprecated: true
    description: Old
    example: '"x"'
`,
  'state/postgresql/v2/metadata.yaml': `schemaVersion: v1
type: state
name: postgresql
version: v2
status: stable
title: "PostgreSQL"
urls:
  - title: Reference
    url: https://docs.dapr.io/postgresql/
metadata:
  - name: connectionString
    required: true
    sensitive: true
    description: Connection string
    example: '"host=localhost"'
`,
  'state/postgresql/v1/metadata.yaml': `schemaVersion: v1
type: state
name: postgresql
version: v1
status: stable
title: "PostgreSQL"
urls:
  - title: Reference
    url: https://docs.dapr.io/postgresql/
metadata: []
`,
};

function moduleDir(order: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'components-contrib-'));
  for (const file of order) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), files[file]);
  }
  // not a component: must be ignored
  fs.writeFileSync(path.join(dir, 'component-metadata-schema.json'), '{}');
  return dir;
}

describe('the component types bundle', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads every metadata.yaml into its component type', () => {
    const dir = moduleDir(Object.keys(files));
    dirs.push(dir);
    const bundle = buildComponentTypesBundle(dir, source);
    expect(bundle.source).toEqual(source);
    expect(bundle.types.map(t => `${t.type}@${t.version}`)).toEqual([
      'bindings.kafka@v1',
      'middleware.http.bearer@v1',
      'state.postgresql@v1',
      'state.postgresql@v2',
      'state.redis@v1',
    ]);
    const redis = bundle.types.find(t => t.type === 'state.redis')!;
    expect(redis).toEqual({
      type: 'state.redis',
      version: 'v1',
      status: 'stable',
      title: 'Redis',
      docsUrl: 'https://docs.dapr.io/redis/',
      capabilities: ['crud'],
      metadata: [
        { name: 'redisHost', required: true, example: 'localhost:6379' },
        { name: 'maxRetries', type: 'number', default: '3', example: '3' },
        { name: 'enableTLS', type: 'bool', example: 'false' },
      ],
      authenticationProfiles: [
        {
          title: 'Username and password',
          metadata: [
            { name: 'redisPassword', sensitive: true, example: 'KeFg23!' },
          ],
        },
      ],
    });
    const kafka = bundle.types.find(t => t.type === 'bindings.kafka')!;
    expect(kafka.binding).toEqual({
      input: true,
      output: true,
      operations: ['create'],
    });
    expect(kafka.metadata).toEqual([
      {
        name: 'brokers',
        required: true,
        example: '"localhost:9092"',
        binding: { output: true },
      },
      { name: 'oldField', deprecated: true, example: '"x"' },
    ]);
    expect(kafka.builtinAuthenticationProfiles).toEqual([
      {
        name: 'aws',
        metadata: [{ name: 'awsSecretKey', sensitive: true, example: '"x"' }],
      },
    ]);
  });

  it('writes the same bytes whatever order the files come in', () => {
    const forward = moduleDir(Object.keys(files));
    const backward = moduleDir(Object.keys(files).reverse());
    dirs.push(forward, backward);
    const a = serializeComponentTypesBundle(
      buildComponentTypesBundle(forward, source),
    );
    const b = serializeComponentTypesBundle(
      buildComponentTypesBundle(backward, source),
    );
    expect(a).toBe(b);
    expect(JSON.parse(a)).toEqual(buildComponentTypesBundle(forward, source));
  });

  it('refuses a file that breaks the schema, naming the file and the field', () => {
    const dir = moduleDir(Object.keys(files));
    dirs.push(dir);
    fs.writeFileSync(
      path.join(dir, 'state/redis/metadata.yaml'),
      files['state/redis/metadata.yaml'].replace(
        'status: stable',
        'status: gold',
      ),
    );
    expect(() => buildComponentTypesBundle(dir, source)).toThrow(
      /state\/redis\/metadata\.yaml: status: /,
    );
  });

  it('is committed exactly as the script writes it', () => {
    const committed = fs.readFileSync(
      path.resolve(
        __dirname,
        '../../../../plugins/daprise-common/src/componentTypes/bundle.json',
      ),
      'utf8',
    );
    expect(serializeComponentTypesBundle(JSON.parse(committed))).toBe(
      committed,
    );
  });
});
