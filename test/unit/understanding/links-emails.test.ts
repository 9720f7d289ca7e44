import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractEntities } from '../../../src/understanding/entities.js';

const links: [string, string[]][] = [
  ['https://www.instagram.com/p/Cx7kLm2vQ9a/', ['https://www.instagram.com/p/Cx7kLm2vQ9a/']],
  ['views stopped on https://www.youtube.com/watch?v=aBcD123xYz9.', ['https://www.youtube.com/watch?v=aBcD123xYz9']],
  ['see youtu.be/dQw4w9WgXcQ!', ['youtu.be/dQw4w9WgXcQ']],
  ['my page instagram.com/fitwithjade', ['instagram.com/fitwithjade']],
  ['www.tiktok.com/@lena/video/123', ['www.tiktok.com/@lena/video/123']],
  ['order for @coffee.lab.daily still not started', ['@coffee.lab.daily']],
  ['@danceclub and @mike_fit', ['@danceclub', '@mike_fit']],
  ['(https://t.me/deals)', ['https://t.me/deals']],
  ['ref link https://neofollower.com/ref/marco77?', ['https://neofollower.com/ref/marco77']],
  ['my email is maria@gmail.com', []],
  ['meet @5pm', []],
  ['price is 12.50', []],
  ['file index.php and app.js', []],
  ['no links here', []],
];
const emails: [string, string[]][] = [
  ['my email is Maria.Lopez88@Gmail.com.', ['maria.lopez88@gmail.com']],
  ['ben.k@icloud.com and shop@brightstore.co', ['ben.k@icloud.com', 'shop@brightstore.co']],
  ['dev+panel@growth-lab.io', ['dev+panel@growth-lab.io']],
  ['@handle only', []],
  ['user at gmail dot com', []],
];

describe('links', () => {
  for (const [text, want] of links) it(`${JSON.stringify(text)}`, () => assert.deepEqual(extractEntities(text).link ?? [], want));
});
describe('emails', () => {
  for (const [text, want] of emails) it(`${JSON.stringify(text)}`, () => assert.deepEqual(extractEntities(text).email ?? [], want));
});
