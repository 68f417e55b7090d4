export * from '@stratum/models';
