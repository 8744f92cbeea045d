/**
 * The behaviour of the simulated pages in the browser: dialogs, menus, toasts, the message
 * composer and "load more" lists. Kept as plain ES2017 without template literals so it can live
 * in a TypeScript string. Elements carry `data-sim-target` (a slug) only for this script.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  var SIM = JSON.parse(document.getElementById('sim-context').textContent);
  var toastCount = 0;

  function csrf() {
    var match = document.cookie.match(/JSESSIONID="?([^";]+)"?/);
    return match ? match[1] : '';
  }
  function api(method, url, body) {
    return fetch(url, {
      method: method,
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'csrf-token': csrf() },
      body: body ? JSON.stringify(body) : undefined
    }).then(function (response) {
      return response.json().catch(function () { return { error: 'bad_response' }; });
    }, function () { return { error: 'network' }; });
  }
  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function outletRoot() {
    if (SIM.layout !== 'new') return document.getElementById('artdeco-modal-outlet');
    var outlet = document.getElementById('interop-outlet');
    if (!outlet.shadowRoot) {
      var shadow = outlet.attachShadow({ mode: 'open' });
      shadow.innerHTML = '<div id="artdeco-modal-outlet"></div><div id="artdeco-toasts__wormhole"><section id="artdeco-toasts" class="artdeco-toasts" aria-label="Toast message"><ul class="artdeco-toasts_toasts"></ul></section></div><div id="msg-overlay" class="msg-overlay-container"></div>';
    }
    return outlet.shadowRoot.getElementById('artdeco-modal-outlet');
  }
  function rootNode() {
    var outlet = outletRoot();
    return outlet.getRootNode();
  }
  function toast(type, text) {
    outletRoot();
    var list = rootNode().querySelector('#artdeco-toasts ul');
    var item = document.createElement('li');
    item.className = 'artdeco-toast-item__wrapper';
    toastCount++;
    item.innerHTML = '<div data-test-artdeco-toast-item-type="' + type + '" role="alert" class="artdeco-toast-item artdeco-toast-item--visible" id="toast-' + toastCount + '"><div class="artdeco-toast-item__content"><p class="artdeco-toast-item__message"><span>' + esc(text) + '</span></p></div><button class="artdeco-toast-item__dismiss artdeco-button" aria-label="Dismiss"><span>Dismiss</span></button></div>';
    list.appendChild(item);
    item.querySelector('button').addEventListener('click', function () { item.remove(); });
    setTimeout(function () { item.remove(); }, 10000);
  }
  function closeDialog() {
    var outlet = outletRoot();
    outlet.innerHTML = '';
  }
  function showDialog(className, labelledBy, inner) {
    var outlet = outletRoot();
    outlet.innerHTML = '<div class="artdeco-modal-overlay artdeco-modal-overlay--layer-default artdeco-modal-overlay--is-top-layer"><div role="dialog" aria-modal="true" tabindex="-1" aria-labelledby="' + labelledBy + '" class="artdeco-modal artdeco-modal--layer-default ' + className + '"><button aria-label="Dismiss" class="artdeco-modal__dismiss artdeco-button artdeco-button--circle artdeco-button--muted" type="button"><span class="visually-hidden">Dismiss</span></button>' + inner + '</div></div>';
    var dialog = outlet.querySelector('[role=dialog]');
    dialog.querySelector('.artdeco-modal__dismiss').addEventListener('click', closeDialog);
    return dialog;
  }
  function button(label, text, extraClass, ariaLabel) {
    return '<button type="button" class="artdeco-button artdeco-button--2 ' + (extraClass || 'artdeco-button--primary') + ' ml1"' + (ariaLabel === false ? '' : ' aria-label="' + esc(ariaLabel || label) + '"') + '><span class="artdeco-button__text">' + esc(text) + '</span></button>';
  }
  function findButton(dialog, text) {
    var buttons = dialog.querySelectorAll('button, a');
    for (var i = 0; i < buttons.length; i++) if (buttons[i].textContent.trim() === text) return buttons[i];
    return null;
  }

  // --- invitations -------------------------------------------------------------
  function targetsFor(slug) {
    var found = [];
    var roots = [document];
    var outlet = document.getElementById('interop-outlet');
    if (outlet && outlet.shadowRoot) roots.push(outlet.shadowRoot);
    roots.forEach(function (root) {
      root.querySelectorAll('[data-sim-target]').forEach(function (el) {
        if (el.getAttribute('data-sim-target') === slug) found.push(el);
      });
    });
    return found;
  }
  function replaceActions(slug, markup) {
    targetsFor(slug).forEach(function (el) {
      if (el.getAttribute('data-sim-action') === 'menu-connect') {
        el.remove();
        return;
      }
      var holder = document.createElement('div');
      holder.innerHTML = markup;
      var replacement = holder.firstElementChild;
      el.replaceWith(replacement);
    });
  }
  function openInvite(slug) {
    api('GET', '/voyager/api/sim/invitationContext?vanityName=' + encodeURIComponent(slug)).then(function (context) {
      if (context.error) return toast('error', 'Invitation not sent. Try again later.');
      if (context.closeToLimit) return showCloseToLimit(context);
      startInvite(context);
    });
  }
  function startInvite(context) {
    if (context.emailRequired) return showEmailDialog(context);
    showInviteChoice(context);
  }
  function showCloseToLimit(context) {
    var dialog = showDialog('ip-fuse-limit-alert', 'ip-fuse-limit-alert__warning', '<div class="artdeco-modal__header"><h2 id="ip-fuse-limit-alert__warning">You' + "'" + 're close to the weekly invitation limit</h2></div><div class="artdeco-modal__content"><p>You can send a few more invitations this week. Consider following up with people you already know.</p></div><div class="artdeco-modal__actionbar">' + button('Got it', 'Got it', null, false) + '</div>');
    findButton(dialog, 'Got it').addEventListener('click', function () {
      closeDialog();
      startInvite(context);
    });
  }
  function showInviteChoice(context) {
    var dialog = showDialog('send-invite', 'send-invite-modal', '<div class="artdeco-modal__header"><h2 id="send-invite-modal">Add a note to your invitation?</h2></div><div class="artdeco-modal__content"><p class="display-flex">Personalize your invitation to <strong>' + esc(context.name) + '</strong> by adding a note. LinkedIn members are more likely to accept invitations that include a note.</p></div><div class="artdeco-modal__actionbar">' + button('Add a note', 'Add a note', 'artdeco-button--secondary') + button('Send without a note', 'Send without a note') + '</div>');
    dialog.querySelector('[aria-label="Add a note"]').addEventListener('click', function () {
      if (!context.noteQuotaLeft) return showNoteUpsell(context);
      showNoteForm(context);
    });
    dialog.querySelector('[aria-label="Send without a note"]').addEventListener('click', function () {
      send(context, null, null);
    });
  }
  function showNoteUpsell(context) {
    var dialog = showDialog('send-invite', 'send-invite-modal', '<div class="artdeco-modal__header"><h2 id="send-invite-modal">No free personalized invitations left</h2></div><div class="artdeco-modal__content"><p>Personalize your invitations with Premium. You’ve used all your free personalized invitations this month.</p></div><div class="artdeco-modal__actionbar"><a class="artdeco-button artdeco-button--premium" href="/premium/products/?upsellOrderOrigin=premium_custom_invite_upsell">Try Premium for $0</a>' + button('Send without a note', 'Send without a note', 'artdeco-button--secondary') + '</div>');
    dialog.querySelector('[aria-label="Send without a note"]').addEventListener('click', function () {
      send(context, null, null);
    });
  }
  function showNoteForm(context) {
    var dialog = showDialog('send-invite', 'send-invite-modal', '<div class="artdeco-modal__header"><h2 id="send-invite-modal">Add a note to your invitation</h2></div><div class="artdeco-modal__content"><label for="custom-message" class="t-14">Message (optional)</label><textarea id="custom-message" name="message" class="ember-text-area send-invite__custom-message" maxlength="' + context.noteMaxLength + '" placeholder="Ex: We know each other from…"></textarea><div class="t-14 t-black--light"><span class="send-invite__count">0</span>/' + context.noteMaxLength + '</div></div><div class="artdeco-modal__actionbar">' + button('Cancel adding a note', 'Cancel', 'artdeco-button--secondary') + button('Send invitation', 'Send') + '</div>');
    var textarea = dialog.querySelector('textarea');
    var sendButton = dialog.querySelector('[aria-label="Send invitation"]');
    sendButton.disabled = true;
    textarea.addEventListener('input', function () {
      dialog.querySelector('.send-invite__count').textContent = String(textarea.value.length);
      sendButton.disabled = textarea.value.trim().length === 0;
    });
    dialog.querySelector('[aria-label="Cancel adding a note"]').addEventListener('click', closeDialog);
    sendButton.addEventListener('click', function () {
      if (sendButton.disabled) return;
      send(context, textarea.value, null);
    });
    textarea.focus();
  }
  function showEmailDialog(context) {
    var dialog = showDialog('send-invite', 'send-invite-modal', '<div class="artdeco-modal__header"><h2 id="send-invite-modal">Invite ' + esc(context.name) + ' to connect</h2></div><div class="artdeco-modal__content"><p>To verify this member knows you, please enter their email to connect. You can also include a personal note.</p><label for="email">Email</label><input type="email" id="email" name="email" class="ember-text-field"><label for="custom-message">Add a note (optional)</label><textarea id="custom-message" name="message" maxlength="' + context.noteMaxLength + '"></textarea></div><div class="artdeco-modal__actionbar">' + button('Send invitation', 'Send') + '</div>');
    dialog.querySelector('[aria-label="Send invitation"]').addEventListener('click', function () {
      var email = dialog.querySelector('input[type=email]').value.trim();
      if (!email) return;
      var note = dialog.querySelector('textarea').value;
      send(context, note.trim() ? note : null, email);
    });
  }
  // TODO: the limit dialog shows after Send only; LinkedIn sometimes shows it on Connect.
  function showWeeklyLimit() {
    var dialog = showDialog('ip-fuse-limit-alert', 'ip-fuse-limit-alert__header', '<div class="artdeco-modal__header"><h2 id="ip-fuse-limit-alert__header">You’ve reached the weekly invitation limit</h2></div><div class="artdeco-modal__content"><p>Invitation not sent. You' + "'" + 've reached the weekly invitation limit. Please try again next week.</p></div><div class="artdeco-modal__actionbar">' + button('Got it', 'Got it', null, false) + '</div>');
    findButton(dialog, 'Got it').addEventListener('click', closeDialog);
  }
  function send(context, note, email) {
    api('POST', '/voyager/api/growth/normInvitations', { vanityName: context.slug, message: note, email: email }).then(function (result) {
      switch (result.outcome) {
        case 'sent':
          closeDialog();
          replaceActions(context.slug, result.pendingHtml);
          toast('success', SIM.layout === 'new' ? 'Invitation sent' : 'Your invitation to ' + context.name + ' was sent.');
          return;
        case 'weekly_limit': return showWeeklyLimit();
        case 'note_quota': return showNoteUpsell(context);
        case 'email_required': return showEmailDialog(context);
        case 'withdraw_cooldown':
          closeDialog();
          return toast('error', 'Invitation not sent because you' + "'" + 're still withdrawing previous invitations.');
        default:
          closeDialog();
          return toast('error', 'Invitation not sent. Try again later.');
      }
    });
  }
  function openWithdraw(slug) {
    api('GET', '/voyager/api/sim/invitationContext?vanityName=' + encodeURIComponent(slug)).then(function (context) {
      if (context.error) return;
      var dialog = showDialog('artdeco-modal--layer-confirmation', 'dialog-header', '<div class="artdeco-modal__header"><h2 id="dialog-header">Withdraw invitation</h2></div><div class="artdeco-modal__content"><p>If you withdraw now, you won’t be able to resend to ' + esc(context.name) + ' for up to 3 weeks.</p></div><div class="artdeco-modal__actionbar">' + button('Cancel', 'Cancel', 'artdeco-button--secondary', false) + button('Withdraw', 'Withdraw', null, false) + '</div>');
      findButton(dialog, 'Cancel').addEventListener('click', closeDialog);
      findButton(dialog, 'Withdraw').addEventListener('click', function () {
        var from = location.pathname.indexOf('/search/') === 0 ? 'search' : 'profile';
        api('POST', '/voyager/api/growth/withdraw', { vanityName: slug, from: from }).then(function (result) {
          closeDialog();
          if (result.connectHtml) replaceActions(slug, result.connectHtml);
          else if (result.withdrawn) location.reload();
        });
      });
    });
  }

  // --- menus -------------------------------------------------------------------
  function toggleMenu(trigger) {
    var template = trigger.parentElement.querySelector('template[data-sim-menu]');
    var open = trigger.parentElement.querySelector('[role=menu]');
    if (open) {
      open.remove();
      trigger.setAttribute('aria-expanded', 'false');
      return;
    }
    if (!template) return;
    trigger.parentElement.appendChild(template.content.cloneNode(true));
    trigger.setAttribute('aria-expanded', 'true');
  }

  function toggleMeMenu(trigger) {
    var holder = trigger.parentElement;
    var template = holder.querySelector('template[data-sim-me]');
    var content = holder.querySelector('.global-nav__me-content') || holder;
    var open = trigger.getAttribute('aria-expanded') === 'true';
    Array.prototype.slice.call(content.children).forEach(function (child) {
      if (child !== template && child !== trigger) child.remove();
    });
    if (open) {
      trigger.setAttribute('aria-expanded', 'false');
      if (content !== holder) content.setAttribute('aria-hidden', 'true');
      return;
    }
    content.appendChild(template.content.cloneNode(true));
    trigger.setAttribute('aria-expanded', 'true');
    if (content !== holder) content.setAttribute('aria-hidden', 'false');
  }
  function follow(trigger) {
    var slug = trigger.getAttribute('data-sim-target');
    api('POST', '/voyager/api/feed/follows', { vanityName: slug }).then(function (result) {
      if (result.error) return toast('error', 'Something went wrong. Please try again.');
      document.querySelectorAll('[data-sim-action=follow]').forEach(function (el) {
        if (el.getAttribute('data-sim-target') !== slug) return;
        el.setAttribute('aria-pressed', 'true');
        el.querySelectorAll('span').forEach(function (span) {
          if (span.children.length === 0 && span.textContent.trim() === 'Follow') span.textContent = 'Following';
        });
      });
    });
  }

  // --- messaging ---------------------------------------------------------------
  function messageItem(message) {
    return '<li class="msg-s-message-list__event"><div class="msg-s-event-listitem' + (message.mine ? '' : ' msg-s-event-listitem--other') + '"><div class="msg-s-message-group__meta"><span class="msg-s-message-group__name t-14 t-bold">' + esc(message.senderName) + '</span> <time class="msg-s-message-group__timestamp t-12" datetime="' + esc(message.sentAt) + '">' + esc(message.time) + '</time></div><div class="msg-s-event-listitem__message-bubble"><p class="msg-s-event-listitem__body t-14">' + esc(message.text) + '</p></div></div></li>';
  }
  function overlayHost() {
    if (SIM.layout !== 'new') return document.getElementById('msg-overlay');
    outletRoot();
    return rootNode().getElementById('msg-overlay');
  }
  // Free accounts cannot write to people outside their network: LinkedIn offers InMail instead.
  function showInMailUpsell(host, context) {
    var first = context.name.split(' ')[0];
    host.innerHTML = '<div class="msg-overlay-conversation-bubble msg-overlay-conversation-bubble--is-active" role="dialog" aria-label="Messaging conversation with ' + esc(context.name) + '"><header class="msg-overlay-bubble-header"><h2 class="msg-overlay-bubble-header__title"><a href="' + esc(context.profilePath) + '">' + esc(context.name) + '</a></h2><button class="msg-overlay-bubble-header__control" type="button" aria-label="Close your conversation with ' + esc(context.name) + '">Close</button></header><div class="msg-inmail-upsell"><h3 class="t-16 t-bold">Message ' + esc(first) + ' with InMail</h3><p class="t-14">' + esc(first) + ' isn’t a connection yet. Get noticed with a Premium InMail.</p><a class="artdeco-button artdeco-button--premium" href="/premium/products/?upsellOrderOrigin=premium_inmail_upsell">Try Premium for $0</a></div></div>';
    var bubble = host.querySelector('.msg-overlay-conversation-bubble');
    bubble.querySelector('.msg-overlay-bubble-header__control').addEventListener('click', function () { bubble.remove(); });
  }
  function openComposer(query) {
    api('GET', '/voyager/api/sim/composeContext?' + query).then(function (context) {
      if (context.error) return;
      var host = overlayHost();
      if (!context.canMessage) return showInMailUpsell(host, context);
      host.innerHTML = '<div class="msg-overlay-conversation-bubble msg-overlay-conversation-bubble--is-active" role="dialog" aria-label="Messaging conversation with ' + esc(context.name) + '"><header class="msg-overlay-bubble-header"><h2 class="msg-overlay-bubble-header__title"><a href="' + esc(context.profilePath) + '">' + esc(context.name) + '</a></h2><button class="msg-overlay-bubble-header__control" type="button" aria-label="Close your conversation with ' + esc(context.name) + '">Close</button></header><div class="msg-s-message-list"><ul class="msg-s-message-list-content">' + context.messages.map(messageItem).join('') + '</ul></div><form class="msg-form"><div class="msg-form__msg-content-container"><div class="msg-form__contenteditable t-14 t-black--light t-normal flex-grow-1 full-height notranslate" contenteditable="true" role="textbox" aria-multiline="true" aria-label="Write a message…"></div></div><div class="msg-form__footer"><button class="msg-form__send-button artdeco-button artdeco-button--1" type="submit" disabled>Send</button></div></form></div>';
      var bubble = host.querySelector('.msg-overlay-conversation-bubble');
      var editor = bubble.querySelector('.msg-form__contenteditable');
      var sendButton = bubble.querySelector('.msg-form__send-button');
      var form = bubble.querySelector('form');
      bubble.querySelector('.msg-overlay-bubble-header__control').addEventListener('click', function () { bubble.remove(); });
      editor.addEventListener('input', function () { sendButton.disabled = editor.innerText.trim().length === 0; });
      editor.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' && !event.shiftKey) {
          event.preventDefault();
          if (!sendButton.disabled) submitMessage();
        }
      });
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        submitMessage();
      });
      function submitMessage() {
        var text = editor.innerText.replace(/\n$/, '');
        if (!text.trim()) return;
        sendButton.disabled = true;
        api('POST', '/voyager/api/messaging/send', { recipient: context.profileId, text: text }).then(function (result) {
          var old = form.querySelector('.msg-form__error');
          if (old) old.remove();
          if (!result.message) {
            form.insertAdjacentHTML('afterbegin', '<div class="msg-form__error" role="alert">Message failed to send. Try again.</div>');
            sendButton.disabled = false;
            return;
          }
          bubble.querySelector('.msg-s-message-list-content').insertAdjacentHTML('beforeend', messageItem(result.message));
          editor.innerHTML = '';
        });
      }
      editor.focus();
    });
  }

  // --- reactions and comments --------------------------------------------------
  function openReactions(postId) {
    var dialog = showDialog('social-details-reactors-modal', 'social-details-reactors-modal__header', '<div class="artdeco-modal__header"><h2 id="social-details-reactors-modal__header">Reactions</h2></div><div class="artdeco-modal__content social-details-reactors-modal__content"><div class="social-details-reactors-tab-body"><div class="scaffold-finite-scroll"><ul class="artdeco-list artdeco-list--offset-1 social-details-reactors-tab-body-list"></ul><div class="scaffold-finite-scroll__footer"></div></div></div></div>');
    var content = dialog.querySelector('.artdeco-modal__content');
    var list = dialog.querySelector('ul');
    var footer = dialog.querySelector('.scaffold-finite-scroll__footer');
    var next = 0;
    var loading = false;
    function load() {
      if (loading || next === null) return;
      loading = true;
      api('GET', '/voyager/api/sim/reactions?postId=' + encodeURIComponent(postId) + '&start=' + next).then(function (page) {
        loading = false;
        list.insertAdjacentHTML('beforeend', page.html);
        next = page.nextStart;
        // One button for the whole list, removed when nothing is left (as the page keeps it).
        var more = footer.querySelector('button');
        if (next === null) {
          if (more) more.remove();
          return;
        }
        if (!more) {
          footer.innerHTML = '<button class="artdeco-button artdeco-button--muted artdeco-button--1 artdeco-button--full artdeco-button--secondary scaffold-finite-scroll__load-button" type="button"><span class="artdeco-button__text">Show more results</span></button>';
          footer.querySelector('button').addEventListener('click', load);
        }
      });
    }
    content.addEventListener('scroll', function () {
      if (content.scrollTop + content.clientHeight >= content.scrollHeight - 20) load();
    });
    load();
  }
  function loadComments(trigger) {
    var postId = trigger.getAttribute('data-sim-post');
    var start = trigger.getAttribute('data-sim-start');
    api('GET', '/voyager/api/sim/comments?postId=' + encodeURIComponent(postId) + '&start=' + start).then(function (page) {
      var list = document.querySelector('.comments-comments-list__comment-container') || trigger.parentElement;
      list.insertAdjacentHTML('beforeend', page.html);
      if (page.nextStart === null) trigger.parentElement.remove();
      else trigger.setAttribute('data-sim-start', String(page.nextStart));
    });
  }

  // --- sent invitations ---------------------------------------------------------
  function confirmWithdrawRow(trigger) {
    var row = trigger.closest('[role=listitem]');
    var slug = trigger.getAttribute('data-sim-target');
    var name = trigger.getAttribute('data-sim-name') || '';
    var dialog = document.createElement('dialog');
    dialog.setAttribute('open', '');
    dialog.innerHTML = '<h2>Withdraw invitation?</h2><p>If you withdraw an invitation to ' + esc(name) + ', you won’t be able to invite them again for up to 3 weeks.</p><button type="button" data-role="cancel">Cancel</button> <button type="button" data-role="confirm">Withdraw</button>';
    document.body.appendChild(dialog);
    dialog.querySelector('[data-role=cancel]').addEventListener('click', function () { dialog.remove(); });
    dialog.querySelector('[data-role=confirm]').addEventListener('click', function () {
      api('POST', '/voyager/api/growth/withdraw', { vanityName: slug }).then(function (result) {
        dialog.remove();
        if (result.error) return toast('error', 'Something went wrong. Please try again.');
        row.parentElement.remove();
        var header = document.querySelector('[data-sim-people-count]');
        if (header) {
          var count = Math.max(0, Number(header.getAttribute('data-sim-people-count')) - 1);
          header.setAttribute('data-sim-people-count', String(count));
          header.textContent = 'People (' + count + ')';
        }
        toast('success', 'Invitation withdrawn');
      });
    });
  }
  function loadMoreSent(trigger) {
    var start = trigger.getAttribute('data-sim-start');
    api('GET', '/voyager/api/sim/sentInvitations?start=' + start).then(function (page) {
      document.querySelector('[data-sim-sent-list]').insertAdjacentHTML('beforeend', page.html);
      if (page.nextStart === null) trigger.remove();
      else trigger.setAttribute('data-sim-start', String(page.nextStart));
    });
  }

  // --- wiring ------------------------------------------------------------------
  function vanityFrom(href) {
    try { return new URL(href, location.href).searchParams.get('vanityName'); } catch (e) { return null; }
  }
  document.addEventListener('click', function (event) {
    var path = event.composedPath();
    for (var i = 0; i < path.length; i++) {
      var el = path[i];
      if (!el.getAttribute) continue;
      var action = el.getAttribute('data-sim-action');
      var href = el.tagName === 'A' ? el.getAttribute('href') || '' : '';
      if (href.indexOf('/preload/custom-invite/') === 0 || href.indexOf('/preload/search-custom-invite/') === 0) {
        event.preventDefault();
        var opened = el.closest('[role=menu]');
        if (opened) opened.remove();
        return openInvite(vanityFrom(href));
      }
      if (href.indexOf('/messaging/compose/') === 0 || href.indexOf('/messaging/thread/new/') === 0) {
        event.preventDefault();
        var url = new URL(href, location.href);
        return openComposer('recipient=' + encodeURIComponent(url.searchParams.get('recipient') || ''));
      }
      if (!action) continue;
      event.preventDefault();
      switch (action) {
        case 'connect':
        case 'menu-connect':
          var menu = el.closest('[role=menu]');
          if (menu) menu.remove();
          return openInvite(el.getAttribute('data-sim-target'));
        case 'pending': return openWithdraw(el.getAttribute('data-sim-target'));
        case 'more': return toggleMenu(el);
        case 'message': return openComposer('vanityName=' + encodeURIComponent(el.getAttribute('data-sim-target')));
        case 'follow': return follow(el);
        case 'me-menu': return toggleMeMenu(el);
        case 'reactions': return openReactions(el.getAttribute('data-sim-post'));
        case 'load-comments': return loadComments(el);
        case 'withdraw-row': return confirmWithdrawRow(el);
        case 'load-more-sent': return loadMoreSent(el);
        case 'navigate':
          location.href = el.getAttribute('data-sim-href');
          return;
      }
      return;
    }
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') closeDialog();
  });
  if (SIM.layout === 'new') outletRoot();
  var auto = document.getElementById('sim-autostart');
  if (auto) {
    var start = JSON.parse(auto.textContent);
    if (start.invite) openInvite(start.invite);
    if (start.compose) openComposer(start.compose);
  }
})();
`;
