/**
 * Realistic strings for the sanitizer tests. Token-shaped values are assembled from parts so that
 * secret scanners do not mistake this file for a leak; none of them is a real credential.
 */
import type { RedactionCategory } from '../src/redaction-category.js';

export interface SecretCase {
  text: string;
  /** Substrings that must be gone from the output. */
  secrets: string[];
  /** The category that must be counted. */
  category: RedactionCategory;
  /** Only with `pii: true`. */
  pii?: boolean;
  /** Substrings that must survive (the readable rest). */
  keep?: string[];
}

const j = (...parts: string[]) => parts.join('');
const awsId = (prefix: string) => j(prefix, 'Q7XK2M9PZR4TB6WN').slice(0, 20);
const AKID = j('AKIA', 'IOSFODNN7EXAMPLE');
const SECRET_KEY = j('wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYEXAMPLEKEY');
const SECRET_KEY_2 = j('je7MtGbClwBF/2Zp9Utk/', 'h3yCo8nvbEXAMPLEKEY');
const STS = j('IQoJb3JpZ2lu', 'X2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDx9Zk3', 'EXAMPLEtokenPART');
const STS_OLD = j('FwoGZXIvYXdz', 'EBYaDHqa0AP1EXAMPLEoAbCdEfGhIjKlMnOp');
const JWT = j(
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
  '.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6InNwYXduIn0',
  '.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
);
const GH = j('ghp_', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8');
const GH_PAT = j('github_pat_', '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEF');
const SLACK = j('xoxb-', '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx');
const SLACK_HOOK = j('T00000000/B00000000/', 'XXXXXXXXXXXXXXXXXXXXXXXX');
const STRIPE = j('sk_', 'live_', '51H8fakeFAKEfake0000EXAMPLE');
const STRIPE_RK = j('rk_', 'test_', '4eC39HqLyjWDarjtT1zdp7dc');
const GOOGLE = j('AIza', 'SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY');
const NPM = j('npm_', 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5');
const PEM_BODY = 'MIIEpAIBAAKCAQEA7bq3Vd0x3UpEXAMPLEqKx9+2mJ5n0kZ1Lq8\nkQ7pEXAMPLEbodyLine2wQ4f3Zx';

export const SECRET_CASES: SecretCase[] = [
  // AWS access key ids
  {
    text: `InvalidClientTokenId: The security token included in the request is invalid (AccessKeyId ${AKID})`,
    secrets: [AKID],
    category: 'aws-access-key-id',
    keep: ['InvalidClientTokenId', 'AccessKeyId'],
  },
  {
    text: `aws configure set aws_access_key_id ${awsId('ASIA')}`,
    secrets: [awsId('ASIA')],
    category: 'aws-access-key-id',
    keep: ['aws configure set'],
  },
  {
    text: `{"AccessKeyId":"${awsId('AKIA')}","Status":"Active","UserName":"ci"}`,
    secrets: [awsId('AKIA')],
    category: 'aws-access-key-id',
    keep: ['"Status":"Active"'],
  },
  {
    text: `AWS_ACCESS_KEY_ID=${awsId('AKIA')} aws s3 ls s3://spawn-artifacts`,
    secrets: [awsId('AKIA')],
    category: 'aws-access-key-id',
    keep: ['aws s3 ls'],
  },
  {
    text: `AccessDenied for principal ${awsId('AROA')}:spawn-session`,
    secrets: [awsId('AROA')],
    category: 'aws-access-key-id',
    keep: [':spawn-session'],
  },
  {
    text: `signing with ${awsId('A3TX')}/20260101/us-east-1/s3/aws4_request`,
    secrets: [awsId('A3TX')],
    category: 'aws-access-key-id',
    keep: ['us-east-1'],
  },
  // AWS secret access keys
  { text: `aws_secret_access_key = ${SECRET_KEY}`, secrets: [SECRET_KEY], category: 'aws-secret-access-key' },
  {
    text: `{"AccessKeyId":"${AKID}","SecretAccessKey":"${SECRET_KEY}"}`,
    secrets: [AKID, SECRET_KEY],
    category: 'aws-secret-access-key',
  },
  {
    text: `export AWS_SECRET_ACCESS_KEY=${SECRET_KEY} && spawn launch`,
    secrets: [SECRET_KEY],
    category: 'aws-secret-access-key',
    keep: ['&& spawn launch'],
  },
  {
    text: `rejected secret access key ${SECRET_KEY_2} for user ci`,
    secrets: [SECRET_KEY_2],
    category: 'aws-secret-access-key',
    keep: ['for user ci'],
  },
  // AWS session tokens
  { text: `X-Amz-Security-Token: ${STS}`, secrets: [STS], category: 'aws-session-token' },
  {
    text: `aws_session_token=${STS_OLD}\nregion=us-east-1`,
    secrets: [STS_OLD],
    category: 'aws-session-token',
    keep: ['region=us-east-1'],
  },
  {
    text: `refreshing credentials failed for ${STS} (expired)`,
    secrets: [STS],
    category: 'aws-session-token',
    keep: ['(expired)'],
  },
  {
    text: `{"SessionToken":"AQoDYXdzEPT//////////wEXAMPLEtCMBKMXHEXAMPLE","Expiration":"2026-01-01T00:00:00Z"}`,
    secrets: ['AQoDYXdzEPT//////////wEXAMPLEtCMBKMXHEXAMPLE'],
    category: 'assignment',
    keep: ['Expiration'],
  },
  // JWTs
  {
    text: `token rejected by verifier: ${JWT}`,
    secrets: [JWT],
    category: 'jwt',
    keep: ['token rejected by verifier:'],
  },
  {
    text: `https://auth.example.com/callback?id_token=${JWT}&state=af0ifjsldkj`,
    secrets: [JWT],
    category: 'jwt',
    keep: ['state=af0ifjsldkj'],
  },
  {
    text: `invalid signature on ${JWT.split('.').slice(0, 2).join('.')}.`,
    secrets: [JWT.split('.')[1] as string],
    category: 'jwt',
  },
  // Bearer and Basic
  {
    text: 'Authorization: Bearer 4f9c2a7e1b8d3c6f0a5e9d2b7c4f1a8e',
    secrets: ['4f9c2a7e1b8d3c6f0a5e9d2b7c4f1a8e'],
    category: 'http-auth',
  },
  {
    text: 'curl -H "Authorization: Basic YWRtaW46czNjcjN0UGFzcw==" https://internal.example.com/api',
    secrets: ['YWRtaW46czNjcjN0UGFzcw=='],
    category: 'http-auth',
    keep: ['https://internal.example.com/api'],
  },
  {
    text: 'request failed with bearer abc123def456ghi789 (401)',
    secrets: ['abc123def456ghi789'],
    category: 'http-auth',
    keep: ['(401)'],
  },
  {
    text: '{"headers":{"authorization":"Bearer ya29.a0AfH6SMBx3kEXAMPLEtoken","accept":"application/json"}}',
    secrets: ['ya29.a0AfH6SMBx3kEXAMPLEtoken'],
    category: 'http-auth',
    keep: ['"accept":"application/json"'],
  },
  // PEM private keys
  {
    text: `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----`,
    secrets: ['MIIEpAIBAAKCAQEA7bq3', 'EXAMPLEbodyLine2'],
    category: 'private-key',
    keep: ['-----BEGIN RSA PRIVATE KEY-----', '-----END RSA PRIVATE KEY-----'],
  },
  {
    text: `ssh: -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY----- loaded`,
    secrets: ['b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ'],
    category: 'private-key',
    keep: ['loaded'],
  },
  {
    text: 'key file: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7',
    secrets: ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7'],
    category: 'private-key',
    keep: ['key file:'],
  },
  {
    text: `{"type":"service_account","private_key":"-----BEGIN EC PRIVATE KEY-----\\nMHcCAQEEIBkEXAMPLEkeyMaterial\\n-----END EC PRIVATE KEY-----\\n"}`,
    secrets: ['MHcCAQEEIBkEXAMPLEkeyMaterial'],
    category: 'private-key',
    keep: ['"type":"service_account"'],
  },
  // Passwords in URLs
  {
    text: 'connect ECONNREFUSED postgres://app:S3cr3t-Pa55@db.internal:5432/spawn',
    secrets: ['S3cr3t-Pa55'],
    category: 'url-password',
    keep: ['postgres://app:', '@db.internal:5432/spawn'],
  },
  {
    text: 'mongodb+srv://admin:hunter2pass@cluster0.example.mongodb.net/test?retryWrites=true',
    secrets: ['hunter2pass'],
    category: 'url-password',
    keep: ['retryWrites=true'],
  },
  {
    text: 'redis://:r3d1sPassw0rd@cache.local:6379/0 unreachable',
    secrets: ['r3d1sPassw0rd'],
    category: 'url-password',
    keep: ['unreachable'],
  },
  {
    text: 'git clone https://deploy:x9TokenPw42@git.example.com/org/repo.git failed',
    secrets: ['x9TokenPw42'],
    category: 'url-password',
    keep: ['git.example.com/org/repo.git'],
  },
  { text: 'amqp://guest:guestpw42@rabbit:5672/', secrets: ['guestpw42'], category: 'url-password' },
  // Connection strings
  {
    text: 'Server=tcp:db.example.com,1433;Database=spawn;User ID=sa;Password=Pa$$w0rd!;Encrypt=True',
    secrets: ['Pa$$w0rd!'],
    category: 'assignment',
    keep: ['Encrypt=True', 'Database=spawn'],
  },
  {
    text: 'Driver={PostgreSQL};Server=db;Uid=app;Pwd=xyz987secret;',
    secrets: ['xyz987secret'],
    category: 'assignment',
    keep: ['Uid=app'],
  },
  {
    text: 'jdbc:mysql://db:3306/app?user=root&password=toor1234&useSSL=false',
    secrets: ['toor1234'],
    category: 'assignment',
    keep: ['useSSL=false'],
  },
  {
    text: 'psql "host=db user=app password=pgpass2024 dbname=spawn"',
    secrets: ['pgpass2024'],
    category: 'assignment',
    keep: ['dbname=spawn'],
  },
  // Secret query parameters
  {
    text: `https://b.s3.amazonaws.com/k.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${AKID}%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404`,
    secrets: [AKID, 'aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404'],
    category: 'assignment',
    keep: ['X-Amz-SignedHeaders=host'],
  },
  {
    text: `GET /obj?X-Amz-Security-Token=${encodeURIComponent(STS_OLD)}&X-Amz-Date=20260101T000000Z`,
    secrets: [STS_OLD.slice(12)],
    category: 'aws-session-token',
    keep: ['X-Amz-Date=20260101T000000Z'],
  },
  {
    text: 'https://acct.blob.core.windows.net/c/b?sv=2021-06-08&sr=b&sp=r&sig=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA%3D%3D',
    secrets: ['Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA'],
    category: 'assignment',
    keep: ['sv=2021-06-08'],
  },
  {
    text: 'GET /oauth/callback?code=abc&state=xyz&access_token=ya29a0ARrdaM9x8y7z',
    secrets: ['ya29a0ARrdaM9x8y7z'],
    category: 'assignment',
    keep: ['state=xyz'],
  },
  {
    text: `https://maps.googleapis.com/maps/api/geocode/json?address=x&key=${GOOGLE}`,
    secrets: [GOOGLE],
    category: 'google-api-key',
    keep: ['address=x'],
  },
  {
    text: 'POST https://example.com/hook?token=tkn_5f2b9c8e7d6a&x=1 returned 403',
    secrets: ['tkn_5f2b9c8e7d6a'],
    category: 'assignment',
    keep: ['x=1 returned 403'],
  },
  {
    text: 'GET /v2/items?api_key=0123456789abcdef0123456789abcdef&page=2',
    secrets: ['0123456789abcdef0123456789abcdef'],
    category: 'assignment',
    keep: ['page=2'],
  },
  // Command lines
  {
    text: 'spawn launch --api-key 9f8e7d6c5b4a39281706f5e4d3c2b1a0 --region us-east-1',
    secrets: ['9f8e7d6c5b4a39281706f5e4d3c2b1a0'],
    category: 'assignment',
    keep: ['--region us-east-1'],
  },
  {
    text: 'mysql -h db -u root --password=s3cretpw -e "select 1"',
    secrets: ['s3cretpw'],
    category: 'assignment',
    keep: ['"select 1"'],
  },
  {
    text: 'docker login -u ci --password dckr_pat_7Hq2k9Lm3Np8Rs4Tv6Wx registry.example.com',
    secrets: ['dckr_pat_7Hq2k9Lm3Np8Rs4Tv6Wx'],
    category: 'assignment',
    keep: ['registry.example.com'],
  },
  {
    text: "curl -H 'X-API-Key: 5up3r53cr3tk3y' https://api.internal/v1/jobs",
    secrets: ['5up3r53cr3tk3y'],
    category: 'assignment',
    keep: ['https://api.internal/v1/jobs'],
  },
  {
    text: 'spored --token=sp_live_8d7f6e5d4c3b2a19 --log-level debug',
    secrets: ['sp_live_8d7f6e5d4c3b2a19'],
    category: 'assignment',
    keep: ['--log-level debug'],
  },
  // JSON blobs
  {
    text: '{"username":"ci","password":"correct horse battery staple","region":"us-east-1"}',
    secrets: ['correct horse battery staple'],
    category: 'assignment',
    keep: ['"region":"us-east-1"'],
  },
  {
    text: '{"client_id":"spawn-cli","client_secret":"8Zc6Vq2Ww9Xe4Rt7Yu1Io3Pa5Sd"}',
    secrets: ['8Zc6Vq2Ww9Xe4Rt7Yu1Io3Pa5Sd'],
    category: 'assignment',
    keep: ['"client_id":"spawn-cli"'],
  },
  {
    text: 'Unexpected response: {\\"refresh_token\\":\\"1//0gAbCdEfGhIjKlMnOp\\",\\"expires_in\\":3600}',
    secrets: ['1//0gAbCdEfGhIjKlMnOp'],
    category: 'assignment',
    keep: ['expires_in'],
  },
  {
    text: `{"Credentials":{"AccessKeyId":"${awsId('ASIA')}","SecretAccessKey":"${SECRET_KEY}","SessionToken":"${STS}"}}`,
    secrets: [awsId('ASIA'), SECRET_KEY, STS],
    category: 'aws-session-token',
    keep: ['Credentials'],
  },
  {
    text: "config: { db: { password: 'pw-from-yaml-77' }, region: 'eu-west-1' }",
    secrets: ['pw-from-yaml-77'],
    category: 'assignment',
    keep: ["region: 'eu-west-1'"],
  },
  // Vendor tokens
  {
    text: `remote: Invalid username or token. Tried ${GH}`,
    secrets: [GH],
    category: 'github-token',
    keep: ['remote: Invalid username'],
  },
  {
    text: `GITHUB_TOKEN=${GH_PAT} gh release create`,
    secrets: [GH_PAT],
    category: 'github-token',
    keep: ['gh release create'],
  },
  {
    text: `posting to slack failed: ${SLACK} invalid_auth`,
    secrets: [SLACK],
    category: 'slack-token',
    keep: ['invalid_auth'],
  },
  {
    text: `notify https://hooks.slack.com/services/${SLACK_HOOK} 404`,
    secrets: [SLACK_HOOK, 'XXXXXXXXXXXXXXXXXXXXXXXX'],
    category: 'slack-token',
    keep: ['hooks.slack.com/services/', '404'],
  },
  {
    text: `stripe: No such customer; using key ${STRIPE}`,
    secrets: [STRIPE],
    category: 'stripe-key',
    keep: ['No such customer'],
  },
  {
    text: `restricted key ${STRIPE_RK} lacks permission`,
    secrets: [STRIPE_RK],
    category: 'stripe-key',
    keep: ['lacks permission'],
  },
  {
    text: `//registry.npmjs.org/:_authToken=${NPM}`,
    secrets: [NPM],
    category: 'npm-token',
    keep: ['//registry.npmjs.org/'],
  },
  // Headers copied into strings
  {
    text: 'Cookie: sid=s%3Aabc123def456.xyz; csrftoken=9f8e7d6c',
    secrets: ['abc123def456', '9f8e7d6c'],
    category: 'assignment',
  },
  {
    text: 'set-cookie: session=0a1b2c3d4e5f; Path=/; HttpOnly',
    secrets: ['0a1b2c3d4e5f'],
    category: 'assignment',
  },
  {
    text: 'Proxy-Authorization: Digest username="u", response="6629fae49393a05397450978507c4ef1"',
    secrets: ['6629fae49393a05397450978507c4ef1'],
    category: 'assignment',
  },
  {
    text: 'headers: {"x-auth-token": "at-77a1b2c3d4e5"}',
    secrets: ['at-77a1b2c3d4e5'],
    category: 'assignment',
  },
  // PII (only with pii on)
  {
    text: 'user jane.doe+spawn@example.co.uk not found',
    secrets: ['jane.doe+spawn@example.co.uk'],
    category: 'email',
    pii: true,
    keep: ['not found'],
  },
  {
    text: '{"email":"ops@spawn.dev","role":"admin"}',
    secrets: ['ops@spawn.dev'],
    category: 'email',
    pii: true,
    keep: ['"role":"admin"'],
  },
  {
    text: 'call (555) 123-4567 for support',
    secrets: ['123-4567'],
    category: 'phone',
    pii: true,
    keep: ['for support'],
  },
  { text: 'SMS to +442079460958 failed', secrets: ['442079460958'], category: 'phone', pii: true },
  { text: 'callback 555.867.5309 scheduled', secrets: ['867.5309'], category: 'phone', pii: true },
  {
    text: 'card 4111 1111 1111 1111 declined',
    secrets: ['4111 1111 1111 1111'],
    category: 'credit-card',
    pii: true,
    keep: ['declined'],
  },
  {
    text: 'payment with 5500-0000-0000-0004 failed',
    secrets: ['5500-0000-0000-0004'],
    category: 'credit-card',
    pii: true,
  },
  { text: 'amex 378282246310005 on file', secrets: ['378282246310005'], category: 'credit-card', pii: true },
  {
    text: 'connection from 203.0.113.42 refused',
    secrets: ['203.0.113.42'],
    category: 'ip',
    pii: true,
    keep: ['refused'],
  },
  {
    text: 'listening on [2001:db8::8a2e:370:7334]:443',
    secrets: ['2001:db8::8a2e:370:7334'],
    category: 'ip',
    pii: true,
    keep: [':443'],
  },
  {
    text: 'client fe80::1ff:fe23:4567:890a disconnected',
    secrets: ['fe80::1ff:fe23:4567:890a'],
    category: 'ip',
    pii: true,
  },
  {
    text: 'ssn 123-45-6789 on file',
    secrets: ['123-45-6789'],
    category: 'ssn',
    pii: true,
    keep: ['on file'],
  },
];

/** Things spawn traces every day that look a little like secrets and must come through unchanged. */
export const BENIGN: string[] = [
  'i-0123456789abcdef0',
  'ami-0abcdef1234567890',
  '4f8b2c1e-5a6d-4e3f-9b8a-7c6d5e4f3a2b',
  'KJH7SD9F8G7H6J5K4L3M2N1B0V9C8X7Z6A5S4D3F2G1H0JKLMNPQ',
  j('7Q2', AKID, 'VJF66Q9ASUAAJGQ0PLZ1RT8WXYB3C4D5'),
  '4442587FB7D0A2F9',
  'arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0',
  'arn:aws:iam::123456789012:role/spawn-agent',
  'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf',
  'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  'arn:aws:sts::123456789012:assumed-role/spawn-agent/i-0123456789abcdef0',
  'https://sqs.us-east-1.amazonaws.com/123456789012/spawn-jobs',
  '4bf92f3577b34da6a3ce929d0e0e4736',
  '00f067aa0ba902b7',
  '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
  '9fceb02d0ae598e95dc970b74767f19372d61af8',
  '"d41d8cd98f00b204e9800998ecf8427e"',
  'ja-20240101-abc123',
  'ja-abc123',
  '1234567890',
  '3.14159',
  'us-east-1',
  'aws.ec2.DescribeInstances',
  'DescribeKeyPairs',
  'token_count=42',
  'max_tokens=4096 cookie_count: 3',
  'secret_arn=arn:aws:secretsmanager:us-east-1:123456789012:secret:spawn/api',
  'Bearer authentication required',
  'Basic usage: spawn launch --help',
  'password must be at least 12 characters',
  'The security token included in the request is expired',
  'Authorization header missing',
  '2026-01-01T12:30:45.123Z',
  'duration: 1.5s',
  "InvalidInstanceID.NotFound: The instance ID 'i-0abc123def4567890' does not exist",
  's3://spawn-artifacts/jobs/ja-abc123/output.tar.gz',
  'git@github.com:spawn-dev/spawn.git',
  'https://github.com/org/repo/commit/9fceb02d0ae598e95dc970b74767f19372d61af8',
  'eyJsYXN0S2V5Ijoiam9iLTEyMyJ9',
  'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '2026/01/01/[$LATEST]abcdef0123456789abcdef0123456789',
  'c5.xlarge in us-east-1a',
  'spawn-agent-2026.01.15-x86_64',
  '123456789012',
  '    at Object.<anonymous> (/app/src/auth.js:10:5)\n    at login (auth.js:22:13)',
  'File "/app/token_refresh.py", line 42, in refresh',
  'GET /api/v1/tokens 200 12ms',
  '{"TableName":"spawn-jobs","Key":{"id":{"S":"job-123"}},"ReturnValues":"ALL_NEW"}',
  'ProvisionedThroughputExceededException: Rate of requests exceeds the allowed throughput',
  'spawn.job_array_index=5 spawn.provider=ec2',
  'mac 0a:1b:2c:3d:4e:5f at 12:30:45',
  'SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
  'UnrecognizedClientException: The security token included in the request is invalid.',
  'AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/spawn-agent/i-0abc123 is not authorized to perform: sqs:SendMessage on resource: arn:aws:sqs:us-east-1:123456789012:spawn-jobs',
  'AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/secrets/eks.amazonaws.com/serviceaccount/token',
  'spored --token-file /etc/spawn/token --region us-east-1',
  'https://sqs.us-east-1.amazonaws.com/?Action=ReceiveMessage&MaxNumberOfMessages=10&WaitTimeSeconds=20',
];
