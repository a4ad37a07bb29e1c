import { daprdVersionFromImage, parseImageReference } from './images';

describe('parseImageReference', () => {
  it('splits repository, tag and digest', () => {
    expect(parseImageReference('docker.io/daprio/daprd:1.16.0')).toEqual({
      repository: 'docker.io/daprio/daprd',
      name: 'daprd',
      tag: '1.16.0',
    });
    expect(parseImageReference('daprd')).toEqual({
      repository: 'daprd',
      name: 'daprd',
    });
    expect(parseImageReference('ghcr.io/dapr/daprd@sha256:abc')).toEqual({
      repository: 'ghcr.io/dapr/daprd',
      name: 'daprd',
      digest: 'sha256:abc',
    });
    expect(parseImageReference('ghcr.io/dapr/daprd:1.15.2@sha256:abc')).toEqual(
      {
        repository: 'ghcr.io/dapr/daprd',
        name: 'daprd',
        tag: '1.15.2',
        digest: 'sha256:abc',
      },
    );
  });

  it('does not take a registry port for a tag', () => {
    expect(parseImageReference('registry:5000/daprio/daprd')).toEqual({
      repository: 'registry:5000/daprio/daprd',
      name: 'daprd',
    });
    expect(parseImageReference('registry:5000/daprio/daprd:1.16.1').tag).toBe(
      '1.16.1',
    );
  });
});

describe('daprdVersionFromImage', () => {
  it.each([
    ['daprio/daprd:1.16.0', '1.16.0'],
    ['docker.io/daprio/daprd:1.15.7', '1.15.7'],
    ['ghcr.io/dapr/daprd:1.16.0-mariner', '1.16.0'],
    ['daprio/daprd:v1.14.4', '1.14.4'],
    ['daprio/daprd:1.16.0-rc.2', '1.16.0-rc.2'],
  ])('reads %s as %s', (image, version) => {
    expect(daprdVersionFromImage(image)).toBe(version);
  });

  it.each([
    'daprio/daprd:latest',
    'daprio/daprd:edge',
    'daprio/daprd',
    'daprio/daprd@sha256:abc',
  ])('has no version for %s', image => {
    expect(daprdVersionFromImage(image)).toBeUndefined();
  });

  it('has no version without an image', () => {
    expect(daprdVersionFromImage(undefined)).toBeUndefined();
  });
});
