// The HTTP API on Lambda: config, clients and the Hono app are built once per container.
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '#config';
import { createContext } from '#context';
import { createApp } from '#http';

export const handler = handle(createApp(createContext(loadConfig())));
