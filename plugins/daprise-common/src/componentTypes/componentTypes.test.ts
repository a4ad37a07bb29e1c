import {
  COMPONENT_TYPES_SOURCE,
  componentType,
  componentTypes,
  componentTypeVersions,
  deprecatedMetadataNames,
  knownMetadataNames,
  requiredMetadataNames,
  sensitiveMetadataNames,
} from '.';

describe('the component types of components-contrib', () => {
  it('come from components-contrib v1.18.0, one per metadata.yaml', () => {
    expect(COMPONENT_TYPES_SOURCE).toMatchObject({
      module: 'github.com/dapr/components-contrib',
      version: 'v1.18.0',
    });
    expect(componentTypes()).toHaveLength(141);
    const keys = componentTypes().map(t => `${t.type}@${t.version}`);
    expect(new Set(keys).size).toBe(141);
  });

  it('knows state.redis v1: redisHost required, redisPassword sensitive', () => {
    const redis = componentType('state.redis', 'v1');
    expect(redis).toMatchObject({
      title: 'Redis',
      status: 'stable',
      docsUrl:
        'https://docs.dapr.io/reference/components-reference/supported-state-stores/setup-redis/',
    });
    expect(redis?.capabilities).toEqual(
      expect.arrayContaining(['actorStateStore', 'transactional']),
    );
    expect(requiredMetadataNames('state.redis', 'v1')).toEqual(
      new Set(['redisHost']),
    );
    // redisPassword is in the "Username and password" authentication profile
    expect(sensitiveMetadataNames('state.redis', 'v1')).toContain(
      'redisPassword',
    );
    expect(sensitiveMetadataNames('state.redis', 'v1')).not.toContain(
      'redisHost',
    );
    expect(knownMetadataNames('state.redis', 'v1')).toContain('redisUsername');
  });

  it('decides sensitivity per type: connectionString is a secret of Event Hubs, not of MySQL', () => {
    expect(sensitiveMetadataNames('bindings.azure.eventhubs', 'v1')).toContain(
      'connectionString',
    );
    expect(knownMetadataNames('state.mysql', 'v1')).toContain(
      'connectionString',
    );
    expect(sensitiveMetadataNames('state.mysql', 'v1')).not.toContain(
      'connectionString',
    );
  });

  it('keeps each version of a type apart', () => {
    expect(componentTypeVersions('state.postgresql')).toEqual(['v1', 'v2']);
    expect(componentType('state.postgresql', 'v2')?.version).toBe('v2');
    expect(componentType('state.postgresql', 'v3')).toBeUndefined();
    expect(componentTypeVersions('state.nothing')).toEqual([]);
    expect(sensitiveMetadataNames('state.nothing', 'v1')).toBeUndefined();
    expect(requiredMetadataNames('state.redis', 'v9')).toBeUndefined();
  });

  it('marks deprecated metadata', () => {
    expect(deprecatedMetadataNames('configuration.postgresql', 'v1')).toEqual(
      new Set(['connMaxIdleTime']),
    );
    expect(deprecatedMetadataNames('state.redis', 'v1')).toEqual(new Set());
  });

  it('names middleware by its component type and keeps binding directions', () => {
    expect(componentType('middleware.http.bearer', 'v1')?.title).toBeTruthy();
    expect(componentType('middleware.bearer', 'v1')).toBeUndefined();
    expect(componentType('bindings.kafka', 'v1')?.binding).toMatchObject({
      input: true,
      output: true,
      operations: ['create'],
    });
    expect(
      componentType('bindings.kafka', 'v1')?.builtinAuthenticationProfiles?.map(
        p => p.name,
      ),
    ).toEqual(['aws']);
  });

  it('has every status components-contrib uses', () => {
    const statuses = new Set(componentTypes().map(t => t.status));
    expect([...statuses].sort()).toEqual(['alpha', 'beta', 'stable']);
    expect(componentType('state.in-memory', 'v1')?.status).toBe('stable');
  });
});
