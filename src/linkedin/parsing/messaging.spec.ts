import { describe, expect, it } from 'vitest';
import { parseConversation } from './conversation';
import { parsePage } from './parse-page';

const thread = `<html lang="en"><body>
<div class="msg-overlay-conversation-bubble" role="dialog" aria-label="Messaging conversation with Ada Lovelace">
<ul class="msg-s-message-list-content">
  <li class="msg-s-message-list__event"><time class="msg-s-message-list__time-heading">Monday</time>
    <div class="msg-s-event-listitem" data-event-urn="urn:li:msg_message:1">
      <div class="msg-s-message-group__meta"><a class="msg-s-message-group__profile-link" href="https://www.linkedin.com/in/me-myself/">
        <span class="msg-s-message-group__name">Me Myself</span></a><time class="msg-s-message-group__timestamp">9:15 AM</time></div>
      <div class="msg-s-event-listitem__message-bubble"><p class="msg-s-event-listitem__body">Hi Ada, thanks for connecting!</p></div></div></li>
  <li class="msg-s-message-list__event">
    <div class="msg-s-event-listitem" data-event-urn="urn:li:msg_message:2">
      <div class="msg-s-event-listitem__message-bubble"><p class="msg-s-event-listitem__body">Would you like to chat?</p></div></div></li>
  <li class="msg-s-message-list__event"><time class="msg-s-message-list__time-heading">Today</time>
    <div class="msg-s-event-listitem msg-s-event-listitem--other" data-event-urn="urn:li:msg_message:3">
      <div class="msg-s-message-group__meta"><a class="msg-s-message-group__profile-link" href="https://www.linkedin.com/in/ada-lovelace/">
        <span class="msg-s-message-group__name">Ada Lovelace</span></a><time class="msg-s-message-group__timestamp">10:42 AM</time></div>
      <div class="msg-s-event-listitem__message-bubble"><p class="msg-s-event-listitem__body">Sure, happy to.</p></div></div></li>
</ul>
<form class="msg-form"><div class="msg-form__contenteditable" contenteditable="true" role="textbox" aria-label="Write a message…"></div>
<button class="msg-form__send-button" type="submit" disabled>Send</button></form></div></body></html>`;

describe('parseConversation', () => {
  it('reads messages with sender, time and who sent them', () => {
    expect(parseConversation(thread)).toEqual([
      {
        senderName: 'Me Myself',
        senderSlug: 'me-myself',
        text: 'Hi Ada, thanks for connecting!',
        time: '9:15 AM',
        day: 'Monday',
        fromMe: true,
      },
      {
        senderName: 'Me Myself',
        senderSlug: 'me-myself',
        text: 'Would you like to chat?',
        time: '9:15 AM',
        day: 'Monday',
        fromMe: true,
      },
      {
        senderName: 'Ada Lovelace',
        senderSlug: 'ada-lovelace',
        text: 'Sure, happy to.',
        time: '10:42 AM',
        day: 'Today',
        fromMe: false,
      },
    ]);
  });

  it('decides who is me by slug when the caller knows it', () => {
    const messages = parseConversation(thread.replace(' msg-s-event-listitem--other', ''), {
      selfSlug: 'me-myself',
    });
    expect(messages.map((message) => message.fromMe)).toEqual([true, true, false]);
  });

  it('classifies a thread URL as messaging and gives its messages', () => {
    const parsed = parsePage(thread, {
      url: 'https://www.linkedin.com/messaging/thread/2-YWJj==/',
    });
    expect(parsed.page).toBe('messaging');
    expect(parsed.messages).toHaveLength(3);
  });

  it('reads the inbox list', () => {
    const inbox = `<ul><li class="msg-conversation-listitem"><a href="/messaging/thread/2-AAA==/">
      <h3 class="msg-conversation-listitem__participant-names">Ada Lovelace</h3>
      <p class="msg-conversation-card__message-snippet">Sure, happy to.</p><time class="msg-conversation-listitem__time-stamp">10:42 AM</time></a></li></ul>`;
    const parsed = parsePage(inbox, { url: 'https://www.linkedin.com/messaging/' });
    expect(parsed.threads).toEqual([
      {
        threadUrl: 'https://www.linkedin.com/messaging/thread/2-AAA==/',
        name: 'Ada Lovelace',
        snippet: 'Sure, happy to.',
        time: '10:42 AM',
        unread: false,
      },
    ]);
  });
});
