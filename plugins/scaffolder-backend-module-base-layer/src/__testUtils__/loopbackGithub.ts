import crypto from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';

type Tree = Map<string, string>;

interface Commit {
  tree: string;
  parents: string[];
  message: string;
}

/**
 * A pull request the loopback server received, with the files it changes.
 *
 * @public
 */
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
  /** Files of the base branch the head commit deletes, sorted. */
  deleted: string[];
}

/** An HTTP status and a JSON body. */
type Reply = [number, unknown];
type RouteHandler = (params: string[], url: URL, body: any) => Reply;

const NOT_FOUND: Reply = [404, { message: 'Not Found' }];

const sha = (value: string) =>
  crypto.createHash('sha1').update(value).digest('hex');

/**
 * A loopback server speaking the subset of the GitHub REST API that
 * `publish:github:pull-request` (octokit-plugin-create-pull-request, with
 * its deletions), the existence check and the GitOps-repo reader use: the
 * contents API (GET and HEAD), the trees API, blobs, commits, refs and pull
 * requests. One repository, in memory. Also this package's `/testUtils`
 * entry point, for the backend's GitHub discovery test and the production
 * smoke.
 *
 * @public
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

  /** Commits files onto the default branch, as a push to it would. */
  push(files: Record<string, string>, message = 'push'): void {
    this.#commitOntoDefault(message, tree => {
      for (const [path, content] of Object.entries(files)) {
        tree.set(path, content);
      }
    });
  }

  /**
   * Merges a recorded pull request onto the default branch, as the merge
   * button would: its files are committed, its deleted files removed.
   */
  mergePullRequest(number: number): void {
    const pr = this.pullRequests.find(p => p.number === number);
    if (!pr) {
      throw new Error(`No pull request #${number}`);
    }
    this.push(pr.files, `Merge pull request #${number}`);
    this.remove(pr.deleted, `Merge pull request #${number}`);
  }

  /** Deletes files from the default branch, as a push removing them would. */
  remove(paths: string[], message = 'remove'): void {
    this.#commitOntoDefault(message, tree =>
      paths.forEach(path => tree.delete(path)),
    );
  }

  /** A commit on top of the default branch, its tree changed by `change`. */
  #commitOntoDefault(message: string, change: (tree: Tree) => void): void {
    const head = this.#branches.get(this.defaultBranch)!;
    const tree = new Map(this.#treeOf(head));
    change(tree);
    this.#branches.set(
      this.defaultBranch,
      this.#storeCommit({
        tree: this.#storeTree(tree),
        parents: [head],
        message,
      }),
    );
  }

  /** The repository's address on the web, as GitHub's GraphQL API gives it. */
  get webUrl() {
    return `https://${this.webHost}/${this.owner}/${this.repo}`;
  }

  /** The host of `webUrl`: the host of the integration the catalog reads it with. */
  webHost = 'github.com';

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

  /** The repository routes, matched against the path after `/repos/<owner>/<repo>`. */
  readonly #routes: Array<[string, RegExp, RouteHandler]> = [
    ['GET', /^$/, () => [200, this.#repoPayload()]],
    ['GET', /^\/branches\/(.+)$/, ([name]) => this.#getBranch(name)],
    [
      'GET',
      /^\/contents\/(.+)$/,
      ([path], url) => this.#getContents(path, url),
    ],
    // octokit-plugin-create-pull-request checks a file exists before it deletes it.
    [
      'HEAD',
      /^\/contents\/(.+)$/,
      ([path], url) => this.#getContents(path, url),
    ],
    ['GET', /^\/git\/trees\/(.+)$/, ([ref], url) => this.#getTree(ref, url)],
    ['GET', /^\/commits$/, (_, url) => this.#listCommits(url)],
    // The combined status, which the catalog's GithubUrlReader reads for a ref's SHA.
    ['GET', /^\/commits\/(.+)\/status$/, ([ref]) => this.#getCommitStatus(ref)],
    ['GET', /^\/git\/blobs\/(.+)$/, ([key]) => this.#getBlob(key)],
    ['POST', /^\/git\/blobs$/, (_, _url, body) => this.#createBlob(body)],
    ['POST', /^\/git\/trees$/, (_, _url, body) => this.#createTree(body)],
    ['POST', /^\/git\/commits$/, (_, _url, body) => this.#createCommit(body)],
    ['POST', /^\/git\/refs$/, (_, _url, body) => this.#createRef(body)],
    [
      'PATCH',
      /^\/git\/refs\/heads\/(.+)$/,
      ([name], _url, body) => this.#updateRef(name, body),
    ],
    ['POST', /^\/pulls$/, (_, _url, body) => this.#createPull(body)],
  ];

  #handle(method: string, url: URL, body: any): Reply {
    this.requests.push(`${method} ${url.pathname}`);
    if (method === 'POST' && /^\/(api\/)?graphql$/.test(url.pathname)) {
      return this.#graphql(body);
    }
    const match = url.pathname.match(/^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/);
    if (!match || match[1] !== this.owner || match[2] !== this.repo) {
      return NOT_FOUND;
    }
    for (const [routeMethod, pattern, handler] of this.#routes) {
      const params = routeMethod === method && (match[3] ?? '').match(pattern);
      if (params) {
        return handler(params.slice(1).map(decodeURIComponent), url, body);
      }
    }
    return NOT_FOUND;
  }

  /**
   * The pull request lookup of octokit-plugin-create-pull-request (none
   * open), and the catalog GithubEntityProvider's listing of an owner's
   * repositories: this one, on one page.
   */
  #graphql(body: any): Reply {
    if (/\brepositoryOwner\b/.test(String(body.query))) {
      return this.#graphqlRepositories(body.variables?.org);
    }
    const head = body.variables?.head;
    const ref = this.#branches.has(head)
      ? { associatedPullRequests: { edges: [] } }
      : null;
    return [200, { data: { repository: { ref } } }];
  }

  #graphqlRepositories(org: string): Reply {
    if (org !== this.owner) {
      return [200, { data: { repositoryOwner: null } }];
    }
    const node = {
      name: this.repo,
      // The provider emits a glob location; GitHub answers null for an
      // expression that names no single blob.
      catalogInfoFile: null,
      url: this.webUrl,
      isArchived: false,
      isFork: false,
      visibility: 'PUBLIC',
      repositoryTopics: { nodes: [] },
      defaultBranchRef: { name: this.defaultBranch },
    };
    return [
      200,
      {
        data: {
          repositoryOwner: {
            login: this.owner,
            repositories: {
              nodes: [node],
              pageInfo: { hasNextPage: false, endCursor: null },
            },
          },
        },
      },
    ];
  }

  #getCommitStatus(ref: string): Reply {
    const head = this.#branches.get(ref) ?? ref;
    if (!this.#commits.has(head)) {
      return NOT_FOUND;
    }
    const repoUrl = `${this.apiBaseUrl}/repos/${this.owner}/${this.repo}`;
    return [
      200,
      {
        state: 'success',
        sha: head,
        statuses: [],
        repository: {
          full_name: `${this.owner}/${this.repo}`,
          trees_url: `${repoUrl}/git/trees{/sha}`,
          archive_url: `${repoUrl}/{archive_format}{/ref}`,
        },
      },
    ];
  }

  #getBlob(key: string): Reply {
    const content = this.#blobs.get(key);
    return content === undefined
      ? NOT_FOUND
      : [
          200,
          {
            sha: key,
            encoding: 'base64',
            content: Buffer.from(content, 'utf8').toString('base64'),
          },
        ];
  }

  #repoPayload() {
    return {
      name: this.repo,
      full_name: `${this.owner}/${this.repo}`,
      default_branch: this.defaultBranch,
      permissions: { admin: true, push: true, pull: true },
    };
  }

  #getBranch(name: string): Reply {
    const head = this.#branches.get(name);
    return head ? [200, { name, commit: { sha: head } }] : NOT_FOUND;
  }

  #getContents(path: string, url: URL): Reply {
    const tree = this.#treeOf(
      url.searchParams.get('ref') ?? this.defaultBranch,
    );
    if (!tree) {
      return NOT_FOUND;
    }
    const content = tree.get(path);
    if (content !== undefined) {
      return [
        200,
        {
          type: 'file',
          path,
          name: path.split('/').pop(),
          sha: sha(content),
          encoding: 'base64',
          content: Buffer.from(content, 'utf8').toString('base64'),
        },
      ];
    }
    const children = [...tree.keys()].filter(f => f.startsWith(`${path}/`));
    return children.length
      ? [200, children.map(f => ({ type: 'file', path: f }))]
      : NOT_FOUND;
  }

  /**
   * `GET /git/trees/:sha`: the tree of a commit, branch or tree SHA; with
   * `recursive=1` every file and folder below it, as GitHub lists them.
   */
  #getTree(ref: string, url: URL): Reply {
    const treeSha = this.#trees.has(ref)
      ? ref
      : this.#commits.get(this.#branches.get(ref) ?? ref)?.tree;
    const tree = treeSha && this.#trees.get(treeSha);
    if (!tree) {
      return NOT_FOUND;
    }
    const recursive = ['1', 'true'].includes(
      url.searchParams.get('recursive') ?? '',
    );
    const folders = new Set<string>();
    const files = [...tree.entries()].filter(([path]) => {
      const parts = path.split('/');
      parts
        .slice(0, -1)
        .forEach((_, i) => folders.add(parts.slice(0, i + 1).join('/')));
      return recursive || parts.length === 1;
    });
    const entries = [
      ...[...folders]
        .filter(folder => recursive || !folder.includes('/'))
        .map(path => ({ path, mode: '040000', type: 'tree', sha: sha(path) })),
      ...files.map(([path, content]) => {
        this.#blobs.set(sha(content), content);
        return {
          path,
          mode: '100644',
          type: 'blob',
          sha: sha(content),
          size: Buffer.byteLength(content),
          url: `${this.apiBaseUrl}/repos/${this.owner}/${
            this.repo
          }/git/blobs/${sha(content)}`,
        };
      }),
    ].sort((a, b) => a.path.localeCompare(b.path));
    return [200, { sha: treeSha, tree: entries, truncated: false }];
  }

  #listCommits(url: URL): Reply {
    const head = this.#branches.get(
      url.searchParams.get('sha') ?? this.defaultBranch,
    );
    if (!head) {
      return NOT_FOUND;
    }
    const tree = this.#commits.get(head)!.tree;
    return [200, [{ sha: head, commit: { tree: { sha: tree } } }]];
  }

  #createBlob(body: any): Reply {
    const content =
      body.encoding === 'base64'
        ? Buffer.from(body.content, 'base64').toString('utf8')
        : body.content;
    const key = sha(content);
    this.#blobs.set(key, content);
    return [201, { sha: key }];
  }

  #createTree(body: any): Reply {
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

  #createCommit(body: any): Reply {
    const { tree, parents, message } = body;
    return [201, { sha: this.#storeCommit({ tree, parents, message }) }];
  }

  #createRef(body: any): Reply {
    this.#branches.set(
      String(body.ref).replace(/^refs\/heads\//, ''),
      body.sha,
    );
    return [201, { ref: body.ref, object: { sha: body.sha } }];
  }

  #updateRef(name: string, body: any): Reply {
    this.#branches.set(name, body.sha);
    return [200, { ref: `refs/heads/${name}`, object: { sha: body.sha } }];
  }

  #createPull(body: any): Reply {
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
    const deleted = [...baseTree.keys()]
      .filter(path => !headTree.has(path))
      .sort();
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
      deleted,
    });
    const htmlUrl = `http://${this.host}/${this.owner}/${this.repo}/pull/${number}`;
    return [201, { number, html_url: htmlUrl, base: { ref: body.base } }];
  }
}
