import crypto from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';

type Tree = Map<string, string>;

interface Commit {
  tree: string;
  parents: string[];
  message: string;
}

/** A pull request the loopback server received, with the files it changes. */
export interface RecordedPullRequest {
  owner: string;
  repo: string;
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  commitMessage: string;
  /** Files added or changed by the head commit, path to UTF-8 content. */
  files: Record<string, string>;
}

const sha = (value: string) =>
  crypto.createHash('sha1').update(value).digest('hex');

/**
 * A loopback server speaking the subset of the GitHub REST API that
 * `publish:github:pull-request` (octokit-plugin-create-pull-request) and the
 * existence check use. One repository, in memory.
 */
export class LoopbackGithub {
  readonly pullRequests: RecordedPullRequest[] = [];
  readonly requests: string[] = [];
  readonly #blobs = new Map<string, string>();
  readonly #trees = new Map<string, Tree>();
  readonly #commits = new Map<string, Commit>();
  readonly #branches = new Map<string, string>();
  #server?: http.Server;

  constructor(
    readonly owner: string,
    readonly repo: string,
    files: Record<string, string>,
    readonly defaultBranch = 'main',
  ) {
    const tree = this.#storeTree(new Map(Object.entries(files)));
    this.#branches.set(
      defaultBranch,
      this.#storeCommit({ tree, parents: [], message: 'initial' }),
    );
  }

  get host() {
    const { port } = this.#server!.address() as AddressInfo;
    return `127.0.0.1:${port}`;
  }

  get apiBaseUrl() {
    return `http://${this.host}`;
  }

  async start(): Promise<void> {
    this.#server = http.createServer((req, res) => {
      let body = '';
      req.on('data', chunk => {
        body += chunk;
      });
      req.on('end', () => {
        try {
          const [status, payload] = this.#handle(
            req.method ?? 'GET',
            new URL(req.url ?? '/', 'http://loopback'),
            body ? JSON.parse(body) : {},
          );
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(payload));
        } catch (error) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: String(error) }));
        }
      });
    });
    await new Promise<void>(resolve =>
      this.#server!.listen(0, '127.0.0.1', resolve),
    );
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise(resolve => this.#server?.close(resolve));
  }

  #storeTree(tree: Tree): string {
    const key = sha(JSON.stringify([...tree.entries()].sort()));
    this.#trees.set(key, tree);
    return key;
  }

  #storeCommit(commit: Commit): string {
    const key = sha(JSON.stringify(commit) + this.#commits.size);
    this.#commits.set(key, commit);
    return key;
  }

  #treeOf(ref: string): Tree | undefined {
    const commitSha = this.#branches.get(ref) ?? ref;
    const commit = this.#commits.get(commitSha);
    return commit && this.#trees.get(commit.tree);
  }

  #handle(method: string, url: URL, body: any): [number, unknown] {
    this.requests.push(`${method} ${url.pathname}`);
    const notFound: [number, unknown] = [404, { message: 'Not Found' }];
    if (method === 'POST' && /^\/(api\/)?graphql$/.test(url.pathname)) {
      const head = body.variables?.head;
      return [
        200,
        {
          data: {
            repository: {
              ref: this.#branches.has(head)
                ? { associatedPullRequests: { edges: [] } }
                : null,
            },
          },
        },
      ];
    }
    const match = url.pathname.match(/^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/);
    if (!match || match[1] !== this.owner || match[2] !== this.repo) {
      return notFound;
    }
    const rest = match[3] ?? '';
    const repoPayload = {
      name: this.repo,
      full_name: `${this.owner}/${this.repo}`,
      default_branch: this.defaultBranch,
      permissions: { admin: true, push: true, pull: true },
    };

    if (method === 'GET' && rest === '') {
      return [200, repoPayload];
    }
    if (method === 'GET' && rest.startsWith('/branches/')) {
      const name = decodeURIComponent(rest.slice('/branches/'.length));
      const head = this.#branches.get(name);
      return head ? [200, { name, commit: { sha: head } }] : notFound;
    }
    if (method === 'GET' && rest.startsWith('/contents/')) {
      const path = decodeURIComponent(rest.slice('/contents/'.length));
      const tree = this.#treeOf(
        url.searchParams.get('ref') ?? this.defaultBranch,
      );
      if (!tree) {
        return notFound;
      }
      if (tree.has(path)) {
        return [200, { type: 'file', path }];
      }
      const children = [...tree.keys()].filter(f => f.startsWith(`${path}/`));
      return children.length
        ? [200, children.map(f => ({ type: 'file', path: f }))]
        : notFound;
    }
    if (method === 'GET' && rest === '/commits') {
      const ref = url.searchParams.get('sha') ?? this.defaultBranch;
      const head = this.#branches.get(ref);
      if (!head) {
        return notFound;
      }
      return [
        200,
        [
          {
            sha: head,
            commit: { tree: { sha: this.#commits.get(head)!.tree } },
          },
        ],
      ];
    }
    if (method === 'POST' && rest === '/git/blobs') {
      const content =
        body.encoding === 'base64'
          ? Buffer.from(body.content, 'base64').toString('utf8')
          : body.content;
      const key = sha(content);
      this.#blobs.set(key, content);
      return [201, { sha: key }];
    }
    if (method === 'POST' && rest === '/git/trees') {
      const tree = new Map(this.#trees.get(body.base_tree) ?? []);
      for (const entry of body.tree as Array<any>) {
        if (entry.sha === null) {
          tree.delete(entry.path);
        } else if (entry.content !== undefined) {
          tree.set(entry.path, entry.content);
        } else {
          tree.set(entry.path, this.#blobs.get(entry.sha) ?? '');
        }
      }
      return [201, { sha: this.#storeTree(tree) }];
    }
    if (method === 'POST' && rest === '/git/commits') {
      const key = this.#storeCommit({
        tree: body.tree,
        parents: body.parents,
        message: body.message,
      });
      return [201, { sha: key }];
    }
    if (method === 'POST' && rest === '/git/refs') {
      this.#branches.set(
        String(body.ref).replace(/^refs\/heads\//, ''),
        body.sha,
      );
      return [201, { ref: body.ref, object: { sha: body.sha } }];
    }
    if (method === 'PATCH' && rest.startsWith('/git/refs/heads/')) {
      this.#branches.set(
        decodeURIComponent(rest.slice('/git/refs/heads/'.length)),
        body.sha,
      );
      return [200, { ref: rest, object: { sha: body.sha } }];
    }
    if (method === 'POST' && rest === '/pulls') {
      const head = String(body.head).split(':').pop()!;
      const headSha = this.#branches.get(head)!;
      const headTree = this.#treeOf(headSha)!;
      const baseTree = this.#treeOf(body.base) ?? new Map();
      const files: Record<string, string> = {};
      for (const [path, content] of headTree) {
        if (baseTree.get(path) !== content) {
          files[path] = content;
        }
      }
      const number = this.pullRequests.length + 1;
      this.pullRequests.push({
        owner: this.owner,
        repo: this.repo,
        number,
        head,
        base: body.base,
        title: body.title,
        body: body.body,
        commitMessage: this.#commits.get(headSha)!.message,
        files,
      });
      return [
        201,
        {
          number,
          html_url: `http://${this.host}/${this.owner}/${this.repo}/pull/${number}`,
          base: { ref: body.base },
        },
      ];
    }
    return notFound;
  }
}
