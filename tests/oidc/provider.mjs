// A local OpenID Connect provider for mapview's editor-login tests (after ../shared/reference).
// PORT, REDIRECT_URI, USER_EMAIL and USER_EMAIL_VERIFIED ("false": an address nobody checked) come
// from the environment; every login prompt logs USER in.
import Provider, { interactionPolicy } from 'oidc-provider';

// Streamlit sends prompt=select_account; oidc-provider knows only login/consent/none unless the
// prompt is registered in the interaction policy.
const policy = interactionPolicy.base();
policy.add(new interactionPolicy.Prompt({ name: 'select_account', requestable: true }), 0);

const PORT = Number(process.env.PORT || 9400);
const ISSUER = `http://127.0.0.1:${PORT}`;
const EMAIL = process.env.USER_EMAIL || 'editor@example.com';
const VERIFIED = process.env.USER_EMAIL_VERIFIED !== 'false';
const USER = { sub: 'test-user', email: EMAIL, email_verified: VERIFIED, name: 'Test Editor' };

const provider = new Provider(ISSUER, {
  clients: [{
    client_id: 'mapview-test',
    client_secret: 'mapview-test-secret',
    redirect_uris: [process.env.REDIRECT_URI],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  conformIdTokenClaims: false,  // email and name in the ID token, where Streamlit reads them
  cookies: { keys: ['test-cookie-key'] },
  features: { devInteractions: { enabled: false } },
  interactions: { policy },
  async findAccount(ctx, id) {
    return { accountId: id, async claims() { return { ...USER, sub: id }; } };
  },
});

provider.use(async (ctx, next) => {
  const m = ctx.method === 'GET' && ctx.path.match(/^\/interaction\/[^/]+$/);
  if (!m) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const { prompt, params, session, grantId } = details;
  let result;
  if (prompt.name === 'login' || prompt.name === 'select_account') {
    result = { select_account: {}, login: { accountId: USER.sub } };
  } else {
    const grant = grantId ? await provider.Grant.find(grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    const d = prompt.details;
    if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
    if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
    if (d.missingResourceScopes) for (const [ind, sc] of Object.entries(d.missingResourceScopes)) grant.addResourceScope(ind, sc.join(' '));
    result = { consent: { grantId: await grant.save() } };
  }
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: true });
  ctx.status = 303;
  ctx.redirect(returnTo);
});

provider.listen(PORT, '127.0.0.1', () => console.log(`oidc-provider listening on ${ISSUER}`));
