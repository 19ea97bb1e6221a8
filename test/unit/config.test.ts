import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, parseLocalConfig } from '#config';

describe('configuration', () => {
  it('runs locally with no variables set, on the local defaults', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      stage: 'local',
      local: true,
      tableName: 'tsunagu',
      appUrl: 'http://localhost:3000',
    });
  });

  it('refuses to start outside local without a secret, naming the variable', () => {
    expect(() => parseConfig({ STAGE: 'prod' })).toThrow(ConfigError);
    expect(() => parseConfig({ STAGE: 'prod' })).toThrow(/TSUNAGU_SECRET/);
  });

  it('accepts a production configuration with a long secret', () => {
    const config = parseConfig({
      STAGE: 'prod',
      TSUNAGU_SECRET: 'x'.repeat(40),
      APP_URL: 'https://tsunagu.example.jp/',
    });
    expect(config.local).toBe(false);
    expect(config.appUrl).toBe('https://tsunagu.example.jp');
  });

  it('names the variable that is malformed', () => {
    expect(() => parseConfig({ DYNAMODB_ENDPOINT: 'not a url' })).toThrow(/DYNAMODB_ENDPOINT/);
    expect(() => parseLocalConfig({ PORT: '70000' })).toThrow(/PORT/);
  });

  it('gives DynamoDB calls a timeout: 5 s unless set, never none', () => {
    expect(parseConfig({}).dynamoTimeoutMs).toBe(5000);
    expect(parseConfig({ DYNAMODB_TIMEOUT_MS: '1500' }).dynamoTimeoutMs).toBe(1500);
    expect(() => parseConfig({ DYNAMODB_TIMEOUT_MS: '0' })).toThrow(/DYNAMODB_TIMEOUT_MS/);
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ TABLE_NAME: '' }).tableName).toBe('tsunagu');
    expect(parseLocalConfig({ PORT: '' }).port).toBe(3000);
  });
});
