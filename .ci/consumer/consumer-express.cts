// Type-checked against the installed .d.ts through require-style (CommonJS) resolution, with express installed.
import express from 'express';
import { HokusaiAuthClient } from '@hokusai/auth-client';
import { hokusaiAuth } from '@hokusai/auth-client/express';

const app = express();
app.use(
  hokusaiAuth({
    client: new HokusaiAuthClient(),
    serviceId: 'platform',
    requiredScope: 'model:read',
    recordUsage: true,
  }),
);
app.get('/', (req, res) => {
  // The middleware's augmentation of Express's Request is part of the package's types.
  const userId: string | undefined = req.hokusai?.userId;
  res.json({ userId });
});
export default app;
