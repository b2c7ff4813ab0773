"""The answer to a file upload survives a script run that starts before it was sent (issue 16, item 7)."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.forward_msg_queue import ForwardMsgQueue
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.script_data import ScriptData
from streamlit.runtime.scriptrunner import RunDescriptor, ScriptRunnerEvent
from streamlit.runtime.scriptrunner.script_cache import ScriptCache

from dashboard.components.upload_replies import keep_upload_replies_across_reruns

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"


@pytest.fixture
def patched_queue(monkeypatch):
    # monkeypatch keeps Streamlit's own method and puts it back after the test.
    monkeypatch.setattr(ForwardMsgQueue, "clear", ForwardMsgQueue.clear)
    keep_upload_replies_across_reruns()


def _messages_after_upload_request_then_script_start() -> list[str | None]:
    """What the browser receives when a run starts between the upload request and the next flush.

    The order seen in Chromium when five visitors changed the import format and chose a file at once:
    rerun request, file URL request, then the new run's start, and never the file URL answer.
    """

    async def scenario() -> list[str | None]:
        session = AppSession(
            ScriptData(str(APP), False), MemoryUploadedFileManager("/_stcore/upload_file"), ScriptCache(), None, {}
        )
        try:
            request = BackMsg()
            request.file_urls_request.request_id = "upload-1"
            request.file_urls_request.file_names.append("asam.csv")
            session.handle_backmsg(request)
            session._handle_scriptrunner_event_on_event_loop(
                session._scriptrunner,
                ScriptRunnerEvent.SCRIPT_STARTED,
                page_script_hash="import",
                run_descriptor=RunDescriptor.create(),
            )
            return [msg.WhichOneof("type") for msg in session.flush_browser_queue()]
        finally:
            session.shutdown()

    # A thread of its own: Playwright's sync API (browser tests earlier in the same pytest run) leaves an
    # event loop running in the main thread, and asyncio.run refuses to start inside a running loop.
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, scenario()).result()


def test_the_upload_answer_is_sent_when_a_run_starts_before_the_flush(patched_queue):
    sent = _messages_after_upload_request_then_script_start()
    assert sent.count("file_urls_response") == 1
    assert "new_session" in sent


def test_the_scenario_runs_while_another_event_loop_runs_in_this_thread(patched_queue):
    async def as_after_a_browser_test() -> list[str | None]:
        return _messages_after_upload_request_then_script_start()

    # In a thread of its own, so that this test also runs after the browser tests (see above).
    with ThreadPoolExecutor(max_workers=1) as worker:
        sent = worker.submit(asyncio.run, as_after_a_browser_test()).result()
    assert sent.count("file_urls_response") == 1


def test_the_patch_is_applied_once_and_a_flush_still_empties_the_queue(patched_queue):
    patched = ForwardMsgQueue.clear
    keep_upload_replies_across_reruns()
    assert ForwardMsgQueue.clear is patched
    queue = ForwardMsgQueue()
    reply = ForwardMsg()
    reply.file_urls_response.response_id = "upload-1"
    queue.enqueue(reply)
    queue.clear(retain_lifecycle_msgs=True)
    assert [msg.WhichOneof("type") for msg in queue.flush()] == ["file_urls_response"]
    assert queue.is_empty()
