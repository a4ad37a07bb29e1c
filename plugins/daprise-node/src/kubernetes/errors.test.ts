import {
  isKubernetesStatus,
  KUBERNETES_ERROR_MESSAGE_LIMIT,
  KubernetesError,
  kubernetesErrorReason,
} from './errors';

describe('KubernetesError.fromResponse', () => {
  it('takes the reason, message and causes of a Status', () => {
    const error = KubernetesError.fromResponse(
      422,
      JSON.stringify({
        kind: 'Status',
        reason: 'Invalid',
        message: 'ConfigMap "Bad" is invalid',
        details: {
          causes: [
            {
              field: 'metadata.name',
              reason: 'FieldValueInvalid',
              message: 'bad',
              extra: 1,
            },
          ],
        },
      }),
      'POST /api/v1/namespaces/x/configmaps',
    );
    expect(error).toMatchObject({
      statusCode: 422,
      reason: 'Invalid',
      retryable: false,
      statusMessage: 'ConfigMap "Bad" is invalid',
      causes: [
        { field: 'metadata.name', reason: 'FieldValueInvalid', message: 'bad' },
      ],
    });
    expect(error.message).toBe(
      'POST /api/v1/namespaces/x/configmaps: 422 ConfigMap "Bad" is invalid',
    );
  });

  it('quotes only a short excerpt of a body that is not a Status', () => {
    const page = `<html><body>${'<p>upstream 10.0.0.1 failed</p>'.repeat(
      500,
    )}</body></html>`;
    const error = KubernetesError.fromResponse(502, page, 'GET /api/v1/pods');
    expect(error.reason).toBe('ServiceUnavailable');
    expect(error.retryable).toBe(true);
    expect(error.statusMessage).toBeUndefined();
    expect(error.message.length).toBeLessThan(250);
    expect(error.message).toMatch(
      /^GET \/api\/v1\/pods: 502 <html><body><p>upstream/,
    );
  });

  it.each([
    [401, 'Unauthorized', false],
    [403, 'Forbidden', false],
    [404, 'NotFound', false],
    [409, 'Conflict', false],
    [410, 'Gone', false],
    [422, 'Invalid', false],
    [429, 'TooManyRequests', true],
    [500, 'InternalError', true],
    [503, 'ServiceUnavailable', true],
  ])(
    'classifies %i without a Status as %s',
    (statusCode, reason, retryable) => {
      const error = KubernetesError.fromResponse(statusCode, '');
      expect(error).toMatchObject({ statusCode, reason, retryable });
      expect(isKubernetesStatus(error, statusCode)).toBe(true);
      expect(kubernetesErrorReason(error)).toBe(reason);
    },
  );

  it('cuts any message to the limit', () => {
    const error = KubernetesError.fromStatus({
      kind: 'Status',
      code: 422,
      message: 'x'.repeat(5_000),
    });
    expect(error.message.length).toBe(KUBERNETES_ERROR_MESSAGE_LIMIT);
    expect(error.reason).toBe('Invalid');
  });

  it('names any other error only "Error"', () => {
    expect(kubernetesErrorReason(new Error('10.0.0.1 refused'))).toBe('Error');
  });
});
