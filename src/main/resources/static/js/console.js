/*
 * Tollgate console behaviour. The Content-Security-Policy allows no inline script or handler attributes,
 * so everything interactive is wired here through delegated listeners:
 *  - CSRF header on every htmx request (token from <meta name="_csrf">),
 *  - data-confirm="…" on forms asks before submitting (destructive actions),
 *  - data-copy-target="id" buttons copy the value of that input,
 *  - data-autofocus moves focus to error summaries and freshly issued links, on load and after htmx swaps,
 *  - htmx failures are reported in the flash area instead of failing silently.
 */
(function () {
  'use strict';

  function metaContent(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute('content') : null;
  }

  function focusFirst(root) {
    var target = (root || document).querySelector('[data-autofocus]');
    if (!target) {
      return;
    }
    if (target.getAttribute('tabindex') === null && !/^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(target.tagName)) {
      target.setAttribute('tabindex', '-1');
    }
    target.focus();
  }

  function showError(message) {
    var area = document.getElementById('flash');
    if (!area) {
      window.alert(message);
      return;
    }
    var existing = area.querySelector('[data-client-error]');
    if (existing) {
      existing.textContent = message;
      return;
    }
    var banner = document.createElement('p');
    banner.className = 'banner banner-error';
    banner.setAttribute('role', 'alert');
    banner.setAttribute('data-client-error', '');
    banner.textContent = message;
    area.appendChild(banner);
  }

  // htmx requests carry the CSRF token as a header (forms also carry the hidden field).
  document.addEventListener('htmx:configRequest', function (event) {
    var header = metaContent('_csrf_header');
    var token = metaContent('_csrf');
    if (header && token && event.detail && event.detail.headers) {
      event.detail.headers[header] = token;
    }
  });

  // Destructive actions ask first. Capture phase, so a cancelled submit never reaches htmx or the browser.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) {
      return;
    }
    var message = form.getAttribute('data-confirm');
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Copy buttons.
  function copyText(input) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(input.value);
    }
    return new Promise(function (resolve, reject) {
      input.focus();
      input.select();
      try {
        if (document.execCommand('copy')) {
          resolve();
        } else {
          reject(new Error('copy refused'));
        }
      } catch (e) {
        reject(e);
      }
    });
  }

  document.addEventListener('click', function (event) {
    if (!(event.target instanceof Element)) {
      return;
    }
    var button = event.target.closest('[data-copy-target]');
    if (!button) {
      return;
    }
    var input = document.getElementById(button.getAttribute('data-copy-target'));
    if (!input) {
      return;
    }
    var container = button.closest('.success-box') || document;
    var feedback = container.querySelector('[data-copy-feedback]');
    copyText(input).then(function () {
      if (feedback) {
        feedback.textContent = 'Link copied to the clipboard.';
      }
    }, function () {
      input.focus();
      input.select();
      if (feedback) {
        feedback.textContent = 'Copying is not available here: the link is selected, copy it with your keyboard.';
      }
    });
  });

  // Read-only link fields select their whole value when focused.
  document.addEventListener('focusin', function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.hasAttribute('data-select-on-focus')) {
      target.select();
    }
  });

  // Focus management: on load and after htmx replaced a part of the page.
  document.addEventListener('htmx:afterSettle', function (event) {
    var element = event.detail && event.detail.elt;
    focusFirst(element instanceof Element && element.isConnected ? element : document);
  });

  document.addEventListener('htmx:responseError', function (event) {
    var status = event.detail && event.detail.xhr ? event.detail.xhr.status : 0;
    showError(status === 403
      ? 'You are not allowed to do this, or your session expired. Reload the page and try again.'
      : 'Something went wrong. Reload the page and try again.');
  });

  document.addEventListener('htmx:sendError', function () {
    showError('The server could not be reached. Check your connection and try again.');
  });

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () {
      focusFirst(document);
    });
  } else {
    focusFirst(document);
  }
}());
