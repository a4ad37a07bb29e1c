/**
 * Test utilities of the Daprise model: the corpus of hostile values that must be masked and of
 * harmless look-alikes that must be kept, shared by the model's and the backend's tests.
 *
 * @packageDocumentation
 */

export * from './maskingCorpus';
