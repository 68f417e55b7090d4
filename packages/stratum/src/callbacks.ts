export * from '@stratum/callbacks';
