"""Keep Streamlit's answer to a file upload when a rerun starts before the answer was sent.

Choosing a file makes the browser ask the server where to upload it (a `file_urls_request`); the server
queues the answer (`file_urls_response`) for the next flush, which comes every few milliseconds. When a script
run of the same session starts in between (a rerun the visitor asked for just before, started late on a busy
server), Streamlit 1.67 clears the session's queue and keeps only lifecycle messages: the answer is dropped,
the browser waits for it forever without a timeout, and the file never appears in the uploader. Five visitors
changing the import format and choosing a file at once lost 3 to 5 uploads in 15 this way.
"""

from __future__ import annotations

import functools

from streamlit.runtime.forward_msg_queue import ForwardMsgQueue

# Answers to a browser's request: never script output, so a new script run must not discard them.
_REPLY_TYPES = frozenset({"file_urls_response"})
_MARK = "_keeps_upload_replies"


def keep_upload_replies_across_reruns() -> None:
    """Make clearing a session's message queue at the start of a script run keep upload answers.

    Idempotent: the server process is patched once, whichever session runs first.
    """
    clear = ForwardMsgQueue.clear
    if getattr(clear, _MARK, False):
        return

    @functools.wraps(clear)
    def clear_keeping_replies(self, retain_lifecycle_msgs=False, fragment_ids_this_run=None):
        # Only the clear of a starting run keeps anything; flush() empties the queue as before.
        replies = (
            [msg for msg in self._queue if msg.WhichOneof("type") in _REPLY_TYPES] if retain_lifecycle_msgs else []
        )
        clear(self, retain_lifecycle_msgs, fragment_ids_this_run)
        still_queued = {id(msg) for msg in self._queue}
        self._queue.extend(msg for msg in replies if id(msg) not in still_queued)

    setattr(clear_keeping_replies, _MARK, True)
    ForwardMsgQueue.clear = clear_keeping_replies  # type: ignore[method-assign]  # the deliberate patch above
