"""The kernel client report runs use: papermill's, made robust against lost wake-ups.

nbclient waits for a cell's reply with one long poll of the shell channel (as
long as the cell timeout) and for its outputs with an unbounded poll of the
IOPub channel. When a cell opens widget comms, a reply that has already
arrived can fail to wake that poll (jupyter/nbclient#312, jupyter/nbconvert#2029),
and the run sits idle until the timeout runs out although the cell is done.

:class:`ReportClient` polls both channels in short slices instead, so a lost
wake-up costs at most one slice (:attr:`ReportClient.poll_interval`); the cell
timeout is still enforced against the clock. It also remembers which cell was
running, so that a dead kernel or a timeout can be reported with that cell.
The client is registered with papermill as the engine :data:`ENGINE`.
"""

from __future__ import annotations

import asyncio
from queue import Empty
from time import monotonic

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async
from nbclient.exceptions import CellExecutionError
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger
from papermill.utils import remove_args
from traitlets import Float, HasTraits

__all__ = ["SlicedPolls", "ReportClient", "ReportEngine", "ENGINE"]

#: Name of the engine under which papermill knows :class:`ReportEngine`.
ENGINE = "creditkit"


class SlicedPolls(HasTraits):
    """Channel polls in short slices (see the module's description); mixed into a notebook client."""

    poll_interval = Float(0.5, help="Longest single wait on a kernel channel, in seconds.").tag(config=True)

    async def _async_poll_for_reply(self, msg_id, cell, timeout, task_poll_output_msg, task_poll_kernel_alive):
        deadline = None if timeout is None else monotonic() + timeout
        while True:
            wait = self.poll_interval if deadline is None else max(0.0, min(self.poll_interval, deadline - monotonic()))
            try:
                msg = await ensure_async(self.kc.shell_channel.get_msg(timeout=wait))
            except Empty:
                if deadline is not None and monotonic() >= deadline:
                    task_poll_kernel_alive.cancel()
                    await self._async_check_alive()
                    reply = await self._async_handle_timeout(timeout, cell)
                    if reply is None:  # interrupted, no error reply configured: keep waiting for the kernel
                        deadline = None
                        continue
                    msg = reply
                    msg["parent_header"] = {"msg_id": msg_id}
                else:
                    continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if self.record_timing:
                from nbclient.client import timestamp

                cell["metadata"]["execution"]["shell.execute_reply"] = timestamp(msg)
            try:
                await asyncio.wait_for(task_poll_output_msg, self.iopub_timeout)
            except (asyncio.TimeoutError, Empty):
                if self.raise_on_iopub_timeout:
                    task_poll_kernel_alive.cancel()
                    raise CellTimeoutError.error_from_timeout_and_cell(
                        "Timeout waiting for IOPub output", self.iopub_timeout, cell
                    ) from None
                self.log.warning("Timeout waiting for IOPub output")
            task_poll_kernel_alive.cancel()
            return msg

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        from nbclient.exceptions import CellExecutionComplete

        while True:
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=self.poll_interval))
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") == parent_msg_id:
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    return



class ReportClient(SlicedPolls, PapermillNotebookClient):
    """Papermill's notebook client with sliced channel polls and cell tracking."""

    def papermill_execute_cells(self):
        """Papermill's loop; a dead kernel or a timeout is tagged with the cell that was running."""
        for index, cell in enumerate(self.nb.cells):
            try:
                self.nb_man.cell_start(cell, index)
                self.execute_cell(cell, index)
            except CellExecutionError as ex:
                self.nb_man.cell_exception(self.nb.cells[index], cell_index=index, exception=ex)
                break
            except (DeadKernelError, CellTimeoutError, TimeoutError) as ex:
                ex.cell_index = index
                ex.cell_source = cell.source
                raise
            finally:
                self.nb_man.cell_complete(self.nb.cells[index], cell_index=index)


class ReportEngine(NBClientEngine):
    """Papermill engine running notebooks with :class:`ReportClient`.

    Takes ``kernel_env`` (environment of the kernel) besides papermill's
    options; other options go to the client (``skip_cells_with_tag``, ...).
    """

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                 start_timeout=60, execution_timeout=None, kernel_env=None, **kwargs):
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        client = ReportClient(
            nb_man,
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
            **kwargs,
        )
        return client.execute(**({"env": kernel_env} if kernel_env else {}))


papermill_engines.register(ENGINE, ReportEngine)
