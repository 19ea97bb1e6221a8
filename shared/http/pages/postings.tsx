import { Hono } from 'hono';
import type { AppEnv } from '../env';

export const postingPages = new Hono<AppEnv>();
