/** A small client of Inreach's own REST API, as any user's script would call it. */
export class InreachApi {
  constructor(
    readonly baseUrl: string,
    readonly apiKey: string,
  ) {}

  /** The same API as another user (a key of theirs). */
  as(apiKey: string): InreachApi {
    return new InreachApi(this.baseUrl, apiKey);
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  /** Uploads a file as multipart/form-data in the field `file`. */
  async upload<T>(path: string, filename: string, content: string): Promise<T> {
    const form = new FormData();
    form.append('file', new Blob([content], { type: 'text/csv' }), filename);
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.apiKey}` },
      body: form,
    });
    return this.read<T>('POST', path, response);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return this.read<T>(method, path, response);
  }

  private async read<T>(method: string, path: string, response: Response): Promise<T> {
    const text = await response.text();
    const body: unknown = text === '' ? null : JSON.parse(text);
    if (!response.ok) {
      const message = (body as { message?: string } | null)?.message ?? response.statusText;
      throw new Error(`${method} ${path} answered ${response.status}: ${message}`);
    }
    return body as T;
  }
}
