// The official OpenAI Node SDK against a live distill4j server: chat, completions, streaming, n > 1 and logprobs.
// Reads OPENAI_BASE_URL, OPENAI_API_KEY, MODEL and QUESTION; prints one JSON object for the Java test to check.
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: process.env.OPENAI_API_KEY, maxRetries: 0 });
const model = process.env.MODEL;
const messages = [{ role: 'user', content: process.env.QUESTION }];
const out = {};

const models = await client.models.list();
out.models = models.data.map((m) => m.id);

const chat = await client.chat.completions.create({ model, messages, max_tokens: 16, temperature: 0 });
out.chat = { text: chat.choices[0].message.content, finish: chat.choices[0].finish_reason, usage: chat.usage, object: chat.object };

const many = await client.chat.completions.create({ model, messages, max_tokens: 8, temperature: 1, n: 3, seed: 7 });
out.n = { indexes: many.choices.map((c) => c.index), texts: many.choices.map((c) => c.message.content), usage: many.usage };

const scored = await client.chat.completions.create({ model, messages, max_tokens: 6, temperature: 0, logprobs: true, top_logprobs: 2 });
out.logprobs = scored.choices[0].logprobs.content.map((t) => ({ token: t.token, logprob: t.logprob, top: t.top_logprobs.map((a) => a.token) }));

const stream = await client.chat.completions.create({ model, messages, max_tokens: 16, temperature: 0, stream: true, stream_options: { include_usage: true } });
let streamed = '';
const finishes = [];
let streamUsage = null;
for await (const chunk of stream) {
  for (const choice of chunk.choices) {
    streamed += choice.delta.content ?? '';
    if (choice.finish_reason) finishes.push(choice.finish_reason);
  }
  if (chunk.usage) streamUsage = chunk.usage;
}
out.stream = { text: streamed, finishes, usage: streamUsage };

const completion = await client.completions.create({ model, prompt: '12+34=', max_tokens: 0, echo: true, logprobs: 1 });
out.completion = {
  text: completion.choices[0].text,
  tokens: completion.choices[0].logprobs.tokens,
  token_logprobs: completion.choices[0].logprobs.token_logprobs,
  usage: completion.usage,
};

const completionStream = await client.completions.create({ model, prompt: '7*8=', max_tokens: 5, temperature: 0, stream: true });
let completionText = '';
for await (const chunk of completionStream) {
  completionText += chunk.choices[0]?.text ?? '';
}
out.completion_stream = completionText;

try {
  await client.chat.completions.create({ model, messages, max_tokens: -1 });
  out.error = null;
} catch (e) {
  out.error = { status: e.status, code: e.code, param: e.param, type: e.type, name: e.constructor.name };
}

console.log(JSON.stringify(out));
