<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Station Desk</source>
        <translation>关于服务站派工台</translation>
    </message>
    <message>
        <source>Station Desk</source>
        <translation>服务站派工台</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Log files</source>
        <translation>日志文件</translation>
    </message>
    <message>
        <source>Open data folder</source>
        <translation>打开数据文件夹</translation>
    </message>
</context>
<context>
    <name>AlertBanner</name>
    <message>
        <source>Receive</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>Open this order and record that the station received it (已接收); the alert stops</source>
        <translation>打开此单并记录服务站已接收;提醒随即停止</translation>
    </message>
    <message>
        <source>Rescue notice %1 is not received yet</source>
        <translation>救援工单 %1 尚未接收</translation>
    </message>
    <message>
        <source>New order %1 is not received yet</source>
        <translation>新工单 %1 尚未接收</translation>
    </message>
    <message>
        <source>An order is not received yet</source>
        <translation>有工单尚未接收</translation>
    </message>
    <message>
        <source>%1 orders are not received yet</source>
        <translation>有 %1 单尚未接收</translation>
    </message>
    <message>
        <source> · 1 more waiting</source>
        <translation> · 另有 1 单待接收</translation>
    </message>
    <message>
        <source> · %1 more waiting</source>
        <translation> · 另有 %1 单待接收</translation>
    </message>
</context>
<context>
    <name>Alerts</name>
    <message>
        <source>Rescue notice: %1</source>
        <translation>求援通知:%1</translation>
    </message>
    <message>
        <source>New order: %1</source>
        <translation>新工单:%1</translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation>另有%1单</translation>
    </message>
    <message>
        <source>Urged by the call center: %1</source>
        <translation>呼叫中心催办:%1</translation>
    </message>
    <message>
        <source>Sent back: %1</source>
        <translation>退回:%1</translation>
    </message>
</context>
<context>
    <name>AppointmentDialog</name>
    <message>
        <source>Appointment booked</source>
        <translation>已预约</translation>
    </message>
    <message>
        <source>Appointment time</source>
        <translation>预约时间</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>用户地点</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Record appointment</source>
        <translation>记录预约</translation>
    </message>
    <message>
        <source>The appointment is in the past</source>
        <translation>预约时间已过</translation>
    </message>
</context>
<context>
    <name>BackdateDialog</name>
    <message>
        <source>Record for an earlier time</source>
        <translation>补录(记录较早发生的事)</translation>
    </message>
    <message>
        <source>e.g. called from the road, power cut</source>
        <translation>例如:在路上用手机联系的、停电</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>发生了什么</translation>
    </message>
    <message>
        <source>When it happened</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Why it is recorded now</source>
        <translation>补录原因</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Nothing can be recorded on this order now</source>
        <translation>此工单当前不能补录任何记录</translation>
    </message>
    <message>
        <source>This time is in the future</source>
        <translation>该时间晚于当前时间</translation>
    </message>
    <message>
        <source>This time is before the order was issued</source>
        <translation>该时间早于工单下发时间</translation>
    </message>
    <message>
        <source>Say why it is recorded only now</source>
        <translation>请填写补录原因</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
</context>
<context>
    <name>CompletionDialog</name>
    <message>
        <source>Job completed — %1</source>
        <translation>完工报告 — %1</translation>
    </message>
    <message>
        <source>What was found and what was done</source>
        <translation>检查发现的问题及处理情况</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>配件名称</translation>
    </message>
    <message>
        <source>Part no.</source>
        <translation>配件编号</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>In warranty</source>
        <translation>保修期内</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Add part</source>
        <translation>添加配件</translation>
    </message>
    <message>
        <source>Remove part</source>
        <translation>删除配件</translation>
    </message>
    <message>
        <source>Outside service</source>
        <translation>外出服务费</translation>
    </message>
    <message>
        <source>Parts</source>
        <translation>配件费</translation>
    </message>
    <message>
        <source>Labour</source>
        <translation>工时费</translation>
    </message>
    <message>
        <source>Out of warranty</source>
        <translation>保修期外</translation>
    </message>
    <message>
        <source>Names, separated by commas</source>
        <translation>姓名,用逗号分隔</translation>
    </message>
    <message>
        <source> km</source>
        <translation> 公里</translation>
    </message>
    <message>
        <source>Mileage (km)</source>
        <translation>行驶里程(公里)</translation>
    </message>
    <message>
        <source>Machine hours</source>
        <translation>工作小时数</translation>
    </message>
    <message>
        <source>Problem solved</source>
        <translation>问题已解决</translation>
    </message>
    <message>
        <source>Anything left to do, or the customer&apos;s words</source>
        <translation>遗留问题或用户意见</translation>
    </message>
    <message>
        <source>Work done</source>
        <translation>处理情况</translation>
    </message>
    <message>
        <source>Parts replaced</source>
        <translation>更换配件</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Technicians</source>
        <translation>服务人员</translation>
    </message>
    <message>
        <source>Outside distance</source>
        <translation>外出里程</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>里程/小时数</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Record completion</source>
        <translation>记录完工</translation>
    </message>
    <message>
        <source>Part %1: %2</source>
        <translation>第%1行配件:%2</translation>
    </message>
    <message>
        <source>The sum of the parts table</source>
        <translation>按配件表合计</translation>
    </message>
</context>
<context>
    <name>DepartureDialog</name>
    <message>
        <source>Departed — %1</source>
        <translation>已出发 — %1</translation>
    </message>
    <message>
        <source>Names, separated by commas</source>
        <translation>姓名,用逗号分隔</translation>
    </message>
    <message>
        <source>Who goes</source>
        <translation>出发人员</translation>
    </message>
    <message>
        <source>Recently</source>
        <translation>最近出车</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>The job sheet and the completion report take these names.</source>
        <translation>派工单和完工报告将使用这些姓名。</translation>
    </message>
    <message>
        <source>Record departure</source>
        <translation>记录出发</translation>
    </message>
    <message>
        <source>Say who goes out (at least one name)</source>
        <translation>请填写出发人员(至少一人)</translation>
    </message>
    <message>
        <source>At most %1 names</source>
        <translation>最多 %1 人</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Choose an order on the left</source>
        <translation>请在左侧选择工单</translation>
    </message>
    <message>
        <source>Take this order in: records 已接收 and stops its alert (Enter or Ctrl+R)</source>
        <translation>接收此单:记录“已接收”并停止提醒(Enter 或 Ctrl+R)</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>用户地点</translation>
    </message>
    <message>
        <source>Customer statement</source>
        <translation>用户主诉</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>下发时间</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>结果分类</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>处理记录</translation>
    </message>
    <message>
        <source>%1 km</source>
        <translation>%1公里</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1小时</translation>
    </message>
    <message>
        <source>Completed. Next: print the %1.</source>
        <translation>已完工。下一步:打印%1。</translation>
    </message>
    <message>
        <source> — reason: %1</source>
        <translation> — 原因:%1</translation>
    </message>
</context>
<context>
    <name>EnrolBox</name>
    <message>
        <source>This PC&apos;s name, e.g. Front desk</source>
        <translation>本机名称,例如:前台</translation>
    </message>
    <message>
        <source>Enrol this PC</source>
        <translation>注册本机</translation>
    </message>
    <message>
        <source>Ask the call center for a one-time enrolment code for this station; it replaces the station token.</source>
        <translation>请向呼叫中心索取本站的一次性注册码;注册后本机使用自己的设备令牌,代替服务站令牌。</translation>
    </message>
    <message>
        <source>Type the enrolment code the call center gave you</source>
        <translation>请输入呼叫中心提供的注册码</translation>
    </message>
    <message>
        <source>Enrolling this PC with the call center…</source>
        <translation>正在向呼叫中心注册本机…</translation>
    </message>
    <message>
        <source>This PC is enrolled as “%1”; its first sync fetches the station&apos;s orders.</source>
        <translation>本机已注册为“%1”;首次同步时将取回本站工单。</translation>
    </message>
</context>
<context>
    <name>FieldErrors</name>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>Add at least %1</source>
        <translation>至少添加%1项</translation>
    </message>
    <message>
        <source>At least %1 characters</source>
        <translation>至少%1个字符</translation>
    </message>
    <message>
        <source>Too long (at most %1)</source>
        <translation>太长(最多%1)</translation>
    </message>
    <message>
        <source>Must be at least %1</source>
        <translation>不能小于%1</translation>
    </message>
    <message>
        <source>Must be more than %1</source>
        <translation>必须大于%1</translation>
    </message>
    <message>
        <source>Must be at most %1</source>
        <translation>不能大于%1</translation>
    </message>
    <message>
        <source>Not a number</source>
        <translation>不是有效的数字</translation>
    </message>
    <message>
        <source>At most two decimal places</source>
        <translation>最多两位小数</translation>
    </message>
</context>
<context>
    <name>InboxModel</name>
    <message>
        <source>Lost at the call center</source>
        <translation>中心已丢失</translation>
    </message>
    <message>
        <source>%1 rejected</source>
        <translation>%1条被拒绝</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>%1条待同步</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>已同步</translation>
    </message>
    <message>
        <source>Typed in from a phone call: waits for the call center&apos;s order %1 to arrive, then its entries are matched with it and sent</source>
        <translation>电话接单录入:等待呼叫中心的工单 %1 到达,届时合并并发送其记录</translation>
    </message>
    <message>
        <source>Typed in</source>
        <translation>电话录入</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Business no.</source>
        <translation>业务号码</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>下发时间</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
</context>
<context>
    <name>InboxView</name>
    <message>
        <source>Search: business no., customer, phone, plate, VIN (Ctrl+F)</source>
        <translation>搜索:业务号码、用户、电话、车牌、车架号(Ctrl+F)</translation>
    </message>
    <message>
        <source>No order here matches “%1”. Try the All tab, or fewer words.</source>
        <translation>此处没有与“%1”相符的工单。可切换到“全部”或少输入几个字。</translation>
    </message>
    <message>
        <source>No open orders: new ones from the call center appear here, with a sound.</source>
        <translation>没有未完成的工单:呼叫中心派来的新单会出现在这里,并有提示音。</translation>
    </message>
    <message>
        <source>No order is close to a deadline.</source>
        <translation>没有即将超时的工单。</translation>
    </message>
    <message>
        <source>No order is past a deadline.</source>
        <translation>没有已超时的工单。</translation>
    </message>
    <message>
        <source>Nothing waits to be sent: the call center has every entry made here.</source>
        <translation>没有待发送的记录:本站所有记录呼叫中心都已收到。</translation>
    </message>
    <message>
        <source>No finished orders yet.</source>
        <translation>还没有已结束的工单。</translation>
    </message>
    <message>
        <source>No orders yet: they arrive from the call center, or enter one taken by phone (Ctrl+Shift+N).</source>
        <translation>还没有工单:工单由呼叫中心派来,也可录入电话接单(Ctrl+Shift+N)。</translation>
    </message>
    <message>
        <source>%1 orders</source>
        <translation>共%1单</translation>
    </message>
    <message>
        <source>1 order</source>
        <translation>共1单</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Rescue</source>
        <translation>求援</translation>
    </message>
    <message>
        <source>New fault mode</source>
        <translation>最新故障模式</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>派工单</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>抱怨派工</translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>维修单</translation>
    </message>
    <message>
        <source>General complaint</source>
        <translation>一般抱怨</translation>
    </message>
    <message>
        <source>Medium complaint</source>
        <translation>中级抱怨</translation>
    </message>
    <message>
        <source>Strong complaint</source>
        <translation>强烈抱怨</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新单</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <source>Contacted</source>
        <translation>已联系</translation>
    </message>
    <message>
        <source>Appointment booked</source>
        <translation>已预约</translation>
    </message>
    <message>
        <source>On the road</source>
        <translation>已出发</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>已到达</translation>
    </message>
    <message>
        <source>Completed (pending review)</source>
        <translation>已完成(待审)</translation>
    </message>
    <message>
        <source>Cannot serve</source>
        <translation>无法服务</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Phoned the customer</source>
        <translation>联系用户</translation>
    </message>
    <message>
        <source>Departed</source>
        <translation>出发</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>完工</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Form printed</source>
        <translation>打印表单</translation>
    </message>
    <message>
        <source>Entry taken back</source>
        <translation>撤销记录</translation>
    </message>
    <message>
        <source>Issued by the call center</source>
        <translation>呼叫中心派工</translation>
    </message>
    <message>
        <source>Updated by the call center</source>
        <translation>呼叫中心修改</translation>
    </message>
    <message>
        <source>Cancelled by the call center</source>
        <translation>呼叫中心取消</translation>
    </message>
    <message>
        <source>Reassigned</source>
        <translation>改派</translation>
    </message>
    <message>
        <source>Customer callback</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>Audited and closed</source>
        <translation>审核关单</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>退回重办</translation>
    </message>
    <message>
        <source>Reached the customer</source>
        <translation>已联系上</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>无法接通</translation>
    </message>
    <message>
        <source>Line busy</source>
        <translation>占线</translation>
    </message>
    <message>
        <source>Wrong number</source>
        <translation>号码错误</translation>
    </message>
    <message>
        <source>Customer refused</source>
        <translation>用户拒绝</translation>
    </message>
    <message>
        <source>Outside-service form</source>
        <translation>外出服务登记表</translation>
    </message>
    <message>
        <source>Appointment form</source>
        <translation>服务预约登记表</translation>
    </message>
    <message>
        <source>Job sheet</source>
        <translation>派工单</translation>
    </message>
    <message>
        <source>Contact the customer</source>
        <translation>联系用户</translation>
    </message>
    <message>
        <source>Book the appointment</source>
        <translation>预约</translation>
    </message>
    <message>
        <source>Complete the job</source>
        <translation>完工</translation>
    </message>
    <message>
        <source>Call center callback</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>Met</source>
        <translation>按时</translation>
    </message>
    <message>
        <source>On track</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>At risk</source>
        <translation>即将超时</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>超时完成</translation>
    </message>
    <message>
        <source>Waiting to send</source>
        <translation>待同步</translation>
    </message>
    <message>
        <source>Held until matched</source>
        <translation>待匹配</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Delivered late</source>
        <translation>迟到(已记录)</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>From the call center</source>
        <translation>呼叫中心</translation>
    </message>
    <message>
        <source>Lost at the call center</source>
        <translation>中心已丢失</translation>
    </message>
    <message>
        <source>The call center cancelled this order</source>
        <translation>呼叫中心已取消此单</translation>
    </message>
    <message>
        <source>This order was reassigned to another station</source>
        <translation>此单已改派其他服务站</translation>
    </message>
    <message>
        <source>The call center reopened this order</source>
        <translation>呼叫中心已将此单退回重办</translation>
    </message>
    <message>
        <source>The call center no longer has this order: its database was restored from an older backup, and what this station sent for it is lost there. Phone the call center with the order number</source>
        <translation>呼叫中心已无此单(其数据库已从较早的备份恢复),本站为此单上传的记录在呼叫中心已丢失。请致电呼叫中心并告知单号</translation>
    </message>
    <message>
        <source>The call center&apos;s database was restored from an older backup: what it did to this order since (marked lost in the history) no longer counts, and the order stands as the call center has it now. Phone the call center if in doubt</source>
        <translation>呼叫中心数据库已从较早的备份恢复:其后呼叫中心对此单的操作(处理记录中标为“中心已丢失”)不再生效,此单按呼叫中心现有记录显示。如有疑问请致电呼叫中心</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <source>Waiting for sync</source>
        <translation>待同步</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Sent back to re-fill</source>
        <translation>退回重填</translation>
    </message>
    <message>
        <source>Urged by the call center</source>
        <translation>呼叫中心催办</translation>
    </message>
    <message>
        <source>Not met</source>
        <translation>未完成(已超时)</translation>
    </message>
    <message>
        <source>Not counted</source>
        <translation>不计(订单已结束)</translation>
    </message>
    <message>
        <source>Sent back: correct the completion report</source>
        <translation>已退回重填:请更正完工报告</translation>
    </message>
    <message>
        <source>The call center urges this order</source>
        <translation>呼叫中心催办此单</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Station Desk</source>
        <translation>服务站派工台</translation>
    </message>
    <message>
        <source>&amp;Station</source>
        <translation>服务站(&amp;S)</translation>
    </message>
    <message>
        <source>Order by phone or fax…</source>
        <translation>电话/传真接单…</translation>
    </message>
    <message>
        <source>Waiting to send…</source>
        <translation>待同步记录…</translation>
    </message>
    <message>
        <source>Print queue…</source>
        <translation>打印队列…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;Orders</source>
        <translation>工单(&amp;O)</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键一览</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Save diagnostics for support…</source>
        <translation>导出诊断包(发给技术支持)…</translation>
    </message>
    <message>
        <source>About Station Desk…</source>
        <translation>关于服务站派工台…</translation>
    </message>
    <message>
        <source>1 entry has not reached the call center yet.</source>
        <translation>有 1 条记录尚未送达呼叫中心。</translation>
    </message>
    <message>
        <source>%1 entries have not reached the call center yet.</source>
        <translation>有 %1 条记录尚未送达呼叫中心。</translation>
    </message>
    <message>
        <source>They are kept on this PC and sent the next time Station Desk runs.</source>
        <translation>这些记录保存在本机,下次启动服务站工作台时自动发送。</translation>
    </message>
    <message>
        <source>1 form is still queued or printing.</source>
        <translation>有 1 份单据仍在排队或打印中。</translation>
    </message>
    <message>
        <source>%1 forms are still queued or printing.</source>
        <translation>有 %1 份单据仍在排队或打印中。</translation>
    </message>
    <message>
        <source>They are printed the next time Station Desk runs, unless cancelled in the print queue.</source>
        <translation>下次启动时会继续打印,除非在打印队列中取消。</translation>
    </message>
    <message>
        <source>Quit now?</source>
        <translation>现在退出吗?</translation>
    </message>
    <message>
        <source>Receive the order selected in the list</source>
        <translation>接收列表中选中的工单</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Move between the list, the order and its buttons</source>
        <translation>在列表、工单详情和操作按钮之间切换</translation>
    </message>
    <message>
        <source>Move through the list (does not receive)</source>
        <translation>在列表中移动(不会接收工单)</translation>
    </message>
    <message>
        <source>Order entered; it is matched with the call center&apos;s order of the same number as soon as that arrives</source>
        <translation>工单已录入;呼叫中心同号工单一到即自动合并</translation>
    </message>
    <message>
        <source>Order entered; it will be matched with the call center&apos;s when the link is back</source>
        <translation>工单已录入,联网后将与呼叫中心的工单自动匹配</translation>
    </message>
    <message>
        <source>The refused entry goes to the call center again</source>
        <translation>被拒绝的记录将重新发送到呼叫中心</translation>
    </message>
    <message>
        <source>%1 refused entries go to the call center again</source>
        <translation>%1 条被拒绝的记录将重新发送到呼叫中心</translation>
    </message>
    <message>
        <source>Test page sent (job %1)</source>
        <translation>测试页已发送(任务%1)</translation>
    </message>
    <message>
        <source>Quit Station Desk?</source>
        <translation>退出服务站工作台?</translation>
    </message>
</context>
<context>
    <name>OfflineBanner</name>
    <message>
        <source>The call center is reachable again; waiting entries are being sent.</source>
        <translation>与呼叫中心的连接已恢复,待发送的记录正在发送。</translation>
    </message>
    <message>
        <source>The call center is reachable again; everything recorded was sent.</source>
        <translation>与呼叫中心的连接已恢复,所有记录均已发送。</translation>
    </message>
    <message>
        <source>The call center refuses this station&apos;s token since %1: nothing is sent until a new token is set in Settings.</source>
        <translation>自 %1 起呼叫中心拒绝本站令牌:在“设置”中填入新令牌前不会发送任何记录。</translation>
    </message>
    <message>
        <source>No connection to the call center since %1. Keep working: everything is saved here and sent when the line is back.</source>
        <translation>自 %1 起与呼叫中心断开连接。可照常工作:所有记录都已保存在本机,连接恢复后自动发送。</translation>
    </message>
    <message>
        <source>1 entry waits.</source>
        <translation>1 条记录待发送。</translation>
    </message>
    <message>
        <source>%1 entries wait.</source>
        <translation>%1 条记录待发送。</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>原因:%1</translation>
    </message>
</context>
<context>
    <name>OrderActions</name>
    <message>
        <source>Receive</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>Reached customer</source>
        <translation>已联系上</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>无法接通</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>占线</translation>
    </message>
    <message>
        <source>Wrong number</source>
        <translation>号码错误</translation>
    </message>
    <message>
        <source>Appointment…</source>
        <translation>预约…</translation>
    </message>
    <message>
        <source>Departed</source>
        <translation>已出发</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>已到达</translation>
    </message>
    <message>
        <source>Completed…</source>
        <translation>完工…</translation>
    </message>
    <message>
        <source>Cannot serve…</source>
        <translation>无法服务…</translation>
    </message>
    <message>
        <source>Note…</source>
        <translation>备注…</translation>
    </message>
    <message>
        <source>Record for an earlier time…</source>
        <translation>补录…</translation>
    </message>
    <message>
        <source>Print outside-service form</source>
        <translation>打印外出服务登记表</translation>
    </message>
    <message>
        <source>Print appointment form</source>
        <translation>打印服务预约登记表</translation>
    </message>
    <message>
        <source>Print job sheet</source>
        <translation>打印派工单</translation>
    </message>
    <message>
        <source>Preview…</source>
        <translation>预览…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为PDF…</translation>
    </message>
    <message>
        <source>Copy phone number</source>
        <translation>复制电话</translation>
    </message>
    <message>
        <source>Take back the last entry</source>
        <translation>撤销上一条记录</translation>
    </message>
    <message>
        <source>sent to the call center</source>
        <translation>并发送给呼叫中心</translation>
    </message>
    <message>
        <source>Records a contact attempt (%1), %2</source>
        <translation>记录一次联系用户(%1),%2</translation>
    </message>
    <message>
        <source>Records that the station received the order (已接收), %1; stops its alert</source>
        <translation>记录服务站已接收此单(已接收),%1;提醒随即停止</translation>
    </message>
    <message>
        <source>reached the customer</source>
        <translation>已联系上</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>无人接听</translation>
    </message>
    <message>
        <source>line busy</source>
        <translation>占线</translation>
    </message>
    <message>
        <source>wrong number</source>
        <translation>号码错误</translation>
    </message>
    <message>
        <source>Records the appointment agreed with the customer, %1</source>
        <translation>记录与用户约定的预约,%1</translation>
    </message>
    <message>
        <source>Records that the technician left for the customer, %1</source>
        <translation>记录技师已出发前往用户处,%1</translation>
    </message>
    <message>
        <source>Records that the technician arrived, %1</source>
        <translation>记录技师已到达,%1</translation>
    </message>
    <message>
        <source>Opens the completion report; saving it records 完工 for review, %1</source>
        <translation>打开完工报告;保存即记录“完工”待审核,%1</translation>
    </message>
    <message>
        <source>Records that the station cannot serve the order, with the reason, %1</source>
        <translation>记录本站无法服务此单及原因,%1</translation>
    </message>
    <message>
        <source>Records a note on the order, %1</source>
        <translation>为此单记录一条备注,%1</translation>
    </message>
    <message>
        <source>Records one of these for an earlier time, with the reason, %1</source>
        <translation>按较早的时间补记一项操作并注明原因,%1</translation>
    </message>
    <message>
        <source>Prints the outside-service form; records that it was printed</source>
        <translation>打印外出服务登记表;并记录已打印</translation>
    </message>
    <message>
        <source>Prints the appointment form; records that it was printed</source>
        <translation>打印预约单;并记录已打印</translation>
    </message>
    <message>
        <source>Prints the job sheet; records that it was printed</source>
        <translation>打印派工单;并记录已打印</translation>
    </message>
    <message>
        <source>Shows a form as it will print; records nothing</source>
        <translation>预览单据的打印效果;不做任何记录</translation>
    </message>
    <message>
        <source>Saves a form as a PDF file; records that it was saved</source>
        <translation>将单据保存为PDF文件;并记录已保存</translation>
    </message>
    <message>
        <source>Copies the customer&apos;s phone number; records nothing</source>
        <translation>复制用户电话号码;不做任何记录</translation>
    </message>
    <message>
        <source>Takes back your last entry on this order: records that it was a mistake (both stay on record), %1</source>
        <translation>撤销您在此单上的上一条记录:记录其为误操作(两条都保留),%1</translation>
    </message>
    <message>
        <source>Wrong no.</source>
        <translation>号码错误</translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>预约</translation>
    </message>
    <message>
        <source>Earlier time…</source>
        <translation>补录…</translation>
    </message>
    <message>
        <source>Outside-service form</source>
        <translation>外出服务登记表</translation>
    </message>
    <message>
        <source>Appointment form</source>
        <translation>服务预约登记表</translation>
    </message>
    <message>
        <source>Job sheet</source>
        <translation>派工单</translation>
    </message>
    <message>
        <source>PDF…</source>
        <translation>PDF…</translation>
    </message>
</context>
<context>
    <name>OrderController</name>
    <message>
        <source>Cannot serve this order</source>
        <translation>无法服务此单</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Phone number copied</source>
        <translation>电话号码已复制</translation>
    </message>
    <message>
        <source>Record again?</source>
        <translation>再记一次?</translation>
    </message>
    <message>
        <source>%1 was recorded for this order %2 seconds ago. Record it a second time?</source>
        <translation>%2秒前已为此单记录“%1”。确定再记录一次吗?</translation>
    </message>
    <message>
        <source>Nothing to take back on this order</source>
        <translation>此单没有可撤销的记录</translation>
    </message>
    <message>
        <source>Take back?</source>
        <translation>撤销记录?</translation>
    </message>
    <message>
        <source>Take back “%1”, recorded by %2 on %3 at %4? It is recorded as taken back by you on this PC.</source>
        <translation>撤销%2在%3于%4记录的“%1”吗?撤销将记为您在本机所做。</translation>
    </message>
    <message>
        <source>another PC</source>
        <translation>另一台电脑</translation>
    </message>
    <message>
        <source>It is too late to take that back (more than %1 min ago); record a note instead</source>
        <translation>已超过%1分钟,不能撤销;请改为添加备注说明</translation>
    </message>
    <message>
        <source>Taken back: %1</source>
        <translation>已撤销:%1</translation>
    </message>
    <message>
        <source>Recorded: %1 (Ctrl+Z takes it back)</source>
        <translation>已记录:%1(Ctrl+Z 可撤销)</translation>
    </message>
    <message>
        <source>Print again?</source>
        <translation>再次打印?</translation>
    </message>
    <message numerus="yes">
        <source>The %1 was already printed %n time(s). Print a copy? It will be marked as a copy (副本).</source>
        <translation>
            <numerusform>%1已打印过%n次。要再打印一份吗?将标注为“副本”。</numerusform>
        </translation>
    </message>
    <message>
        <source>Sent to the printer (job %1)</source>
        <translation>已发送到打印机(任务%1)</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>另存为PDF</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
</context>
<context>
    <name>OutboxDialog</name>
    <message>
        <source>Waiting to reach the call center</source>
        <translation>待送达呼叫中心的记录</translation>
    </message>
    <message>
        <source>Business no.</source>
        <translation>业务号码</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Happened</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Last attempt</source>
        <translation>最近尝试</translation>
    </message>
    <message>
        <source>Nothing waits to be sent: the call center has every entry made here.</source>
        <translation>没有待发送的记录:本站所有记录呼叫中心都已收到。</translation>
    </message>
    <message>
        <source>Send now</source>
        <translation>立即发送</translation>
    </message>
    <message>
        <source>Send again…</source>
        <translation>再次发送…</translation>
    </message>
    <message>
        <source>Once the cause is fixed (at the call center, or the order reopened), send the selected refused entries again; the call center judges them afresh</source>
        <translation>原因解决后(呼叫中心已处理,或工单已重新打开),再次发送所选的被拒绝记录;呼叫中心将重新判定</translation>
    </message>
    <message>
        <source>Waits for the call center&apos;s order %1 to arrive; then it is matched and sent</source>
        <translation>等待呼叫中心的工单 %1 到达,届时合并后发送</translation>
    </message>
    <message>
        <source>Send the refused entry of %2 again?</source>
        <translation>再次发送 %2 被拒绝的记录吗?</translation>
    </message>
    <message>
        <source>Send the %1 refused entries of %2 again?</source>
        <translation>再次发送 %2 的 %1 条被拒绝记录吗?</translation>
    </message>
    <message>
        <source>Do it once the cause is fixed: the call center judges each afresh, and refuses it again if nothing changed.</source>
        <translation>请在原因解决后再发送:呼叫中心会逐条重新判定,情况未变仍会拒绝。</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>再次发送</translation>
    </message>
</context>
<context>
    <name>PhoneOrderDialog</name>
    <message>
        <source>Order received by phone or fax</source>
        <translation>电话/传真接单</translation>
    </message>
    <message>
        <source>Business no.</source>
        <translation>业务号码</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>车型</translation>
    </message>
    <message>
        <source>Plate</source>
        <translation>车牌</translation>
    </message>
    <message>
        <source>VIN</source>
        <translation>车架号</translation>
    </message>
    <message>
        <source>Mileage (km)</source>
        <translation>行驶里程(公里)</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>用户地点</translation>
    </message>
    <message>
        <source>Customer statement</source>
        <translation>用户主诉</translation>
    </message>
    <message>
        <source>Call center department / agent</source>
        <translation>呼叫中心部门/坐席</translation>
    </message>
    <message>
        <source>Enter order</source>
        <translation>录入工单</translation>
    </message>
    <message>
        <source>Required: the business number the call center gave</source>
        <translation>必填:呼叫中心告知的业务号码</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为PDF…</translation>
    </message>
</context>
<context>
    <name>PrintQueueDialog</name>
    <message>
        <source>Print queue</source>
        <translation>打印队列</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>打印中</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Test page</source>
        <translation>测试页</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>表单</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>份数</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Queued at</source>
        <translation>加入时间</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Nothing is printing or waiting: every form sent to a printer (Ctrl+P) shows here until it has come out.</source>
        <translation>没有正在打印或等待打印的单据:每张发往打印机的单据(Ctrl+P)都会显示在这里,直到打印完成。</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Cancel job</source>
        <translation>取消任务</translation>
    </message>
    <message>
        <source>Sent (this printer cannot confirm)</source>
        <translation>已发送(此打印机无法确认)</translation>
    </message>
    <message>
        <source>Did it come out? Answer below</source>
        <translation>是否已打出?请在下方回答</translation>
    </message>
    <message>
        <source>Came out complete</source>
        <translation>已完整打出</translation>
    </message>
    <message>
        <source>Print again (marked 重打)</source>
        <translation>重新打印(标注“重打”)</translation>
    </message>
</context>
<context>
    <name>PrinterIndicator</name>
    <message>
        <source>Printer not set up</source>
        <translation>未设置打印机</translation>
    </message>
    <message>
        <source>Printer ready</source>
        <translation>打印机就绪</translation>
    </message>
    <message>
        <source>Printer: checking…</source>
        <translation>打印机:检测中…</translation>
    </message>
    <message>
        <source>Printer offline</source>
        <translation>打印机离线</translation>
    </message>
    <message>
        <source>Paper out</source>
        <translation>缺纸</translation>
    </message>
    <message>
        <source>Paper low</source>
        <translation>纸将用完</translation>
    </message>
    <message>
        <source>Printer cover open</source>
        <translation>打印机盖未关</translation>
    </message>
    <message>
        <source>Printer not answering</source>
        <translation>打印机无响应</translation>
    </message>
    <message>
        <source>Printer port not found</source>
        <translation>找不到打印机端口</translation>
    </message>
    <message>
        <source>Printer port in use</source>
        <translation>打印机端口被占用</translation>
    </message>
    <message>
        <source>Printer problem</source>
        <translation>打印机故障</translation>
    </message>
    <message>
        <source>%1 queued</source>
        <translation>%1个任务排队</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1个任务失败</translation>
    </message>
    <message>
        <source>Click for the print queue</source>
        <translation>点击查看打印队列</translation>
    </message>
    <message>
        <source>Printer paused — out of paper or cover open?</source>
        <translation>打印机已暂停——是否缺纸或上盖未关?</translation>
    </message>
    <message>
        <source>%1 to check: did it come out?</source>
        <translation>%1 份待确认:是否已打出?</translation>
    </message>
</context>
<context>
    <name>PrinterWindow</name>
    <message>
        <source>Receipt printer (virtual) — %1</source>
        <translation>小票打印机(虚拟)— %1</translation>
    </message>
    <message>
        <source>Nothing printed yet</source>
        <translation>尚未打印</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;I):</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T):</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>服务站</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Business calendar</source>
        <translation>工作日历</translation>
    </message>
    <message>
        <source> min</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Station ERP code</source>
        <translation>服务站ERP代码</translation>
    </message>
    <message>
        <source>Station name</source>
        <translation>服务站名称</translation>
    </message>
    <message>
        <source>Clerk (who records)</source>
        <translation>记录人</translation>
    </message>
    <message>
        <source>Call center address</source>
        <translation>呼叫中心服务器地址</translation>
    </message>
    <message>
        <source>Station token</source>
        <translation>服务站令牌</translation>
    </message>
    <message>
        <source>Enrolment code</source>
        <translation>注册码</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>&quot;Due soon&quot; within</source>
        <translation>“即将到期”提前量</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>80 mm</source>
        <translation>80毫米</translation>
    </message>
    <message>
        <source>58 mm</source>
        <translation>58毫米</translation>
    </message>
    <message>
        <source>Chinese text (GB18030)</source>
        <translation>中文文本模式(GB18030)</translation>
    </message>
    <message>
        <source>Raster image (any printer)</source>
        <translation>图像模式(适用任何打印机)</translation>
    </message>
    <message>
        <source>Test print</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>波特率</translation>
    </message>
    <message>
        <source>Flow control</source>
        <translation>流控制</translation>
    </message>
    <message>
        <source>Paper width</source>
        <translation>纸宽</translation>
    </message>
    <message>
        <source>Print mode</source>
        <translation>打印模式</translation>
    </message>
    <message>
        <source>Test print uses the saved settings: save first.</source>
        <translation>测试页使用已保存的设置,请先保存。</translation>
    </message>
    <message>
        <source>Monday</source>
        <translation>星期一</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>星期二</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>星期三</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>星期四</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>星期五</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>星期六</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>星期日</translation>
    </message>
    <message>
        <source>Holidays (one date a line)</source>
        <translation>节假日(每行一个日期)</translation>
    </message>
    <message>
        <source>Make-up working days (调休)</source>
        <translation>调休工作日</translation>
    </message>
    <message>
        <source>Dates as YYYY-MM-DD.</source>
        <translation>日期格式:YYYY-MM-DD。</translation>
    </message>
    <message>
        <source>Type the call center&apos;s address first</source>
        <translation>请先填写呼叫中心地址</translation>
    </message>
    <message>
        <source>Check the call center address and station code first</source>
        <translation>请先核对呼叫中心地址和服务站代码</translation>
    </message>
    <message>
        <source>Not a date: %1</source>
        <translation>不是有效日期:%1</translation>
    </message>
    <message>
        <source>At least one working day is needed</source>
        <translation>至少需要一个工作日</translation>
    </message>
    <message>
        <source>The token cannot contain spaces</source>
        <translation>令牌不能包含空格</translation>
    </message>
    <message>
        <source>Not known yet (found by the test print)</source>
        <translation>尚不清楚(打印测试页时自动识别)</translation>
    </message>
    <message>
        <source>Yes: a form is done only when the printer confirms it</source>
        <translation>是:打印机确认后才算打印完成</translation>
    </message>
    <message>
        <source>No: forms end as “sent”, the printer cannot confirm</source>
        <translation>否:只能显示“已发送”,打印机无法确认</translation>
    </message>
    <message>
        <source>Find printer</source>
        <translation>查找打印机</translation>
    </message>
    <message>
        <source>Answers status</source>
        <translation>回报状态</translation>
    </message>
    <message>
        <source>Asking every serial port at 9600, 19200, 38400 and 115200 baud…</source>
        <translation>正在以 9600、19200、38400、115200 波特率询问每个串口…</translation>
    </message>
    <message>
        <source>No printer answered on any port. Check that it is on and its cable is plugged in; a printer that never answers status can still be used: choose its port and baud rate by hand.</source>
        <translation>没有任何端口上的打印机应答。请检查打印机是否开机、数据线是否插好;不回报状态的打印机也可使用:请手动选择端口和波特率。</translation>
    </message>
    <message>
        <source>Found a printer on %1 at %2 baud. Save, then print a test page.</source>
        <translation>在 %1 找到打印机,波特率 %2。请保存后打印测试页。</translation>
    </message>
    <message>
        <source>Chinese text (GBK, older printers)</source>
        <translation>中文文本模式(GBK,较老的打印机)</translation>
    </message>
    <message>
        <source>The printer has a cutter</source>
        <translation>打印机带切刀</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键一览</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>What it does</source>
        <translation>作用</translation>
    </message>
</context>
<context>
    <name>SlaBadge</name>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1天%2小时</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1小时%2分</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1分%2秒</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>overdue by %1</source>
        <translation>已超时%1</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>%1分钟前</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>%1小时前</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>Call center: …</source>
        <translation>呼叫中心:…</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Token refused</source>
        <translation>令牌被拒绝</translation>
    </message>
    <message>
        <source>Not set up</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>连接中…</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>%1条待同步</translation>
    </message>
    <message>
        <source> (oldest %1)</source>
        <translation>(最早%1)</translation>
    </message>
    <message>
        <source>%1 rejected</source>
        <translation>%1条被拒绝</translation>
    </message>
    <message>
        <source>last sync %1</source>
        <translation>最近同步 %1</translation>
    </message>
    <message>
        <source>⚠ PC clock off by %1 min</source>
        <translation>⚠ 电脑时钟偏差%1分钟</translation>
    </message>
    <message>
        <source>Click for the list of events waiting to be sent</source>
        <translation>点击查看待同步的记录</translation>
    </message>
</context>
<context>
    <name>TextDialog</name>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>Appointment at %1</source>
        <translation>预约时间 %1</translation>
    </message>
    <message>
        <source>%1 → %2: %3</source>
        <translation>%1 → %2:%3</translation>
    </message>
    <message>
        <source>copy %1</source>
        <translation>副本 第%1份</translation>
    </message>
    <message>
        <source>Close date %1</source>
        <translation>关单日期 %1</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>By</source>
        <translation>记录人</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>%1 (taken back)</source>
        <translation>%1(已撤销)</translation>
    </message>
    <message>
        <source>Happened: %1</source>
        <translation>发生时间:%1</translation>
    </message>
    <message>
        <source>Recorded: %1</source>
        <translation>记录时间:%1</translation>
    </message>
    <message>
        <source>Recorded later because: %1</source>
        <translation>补录原因:%1</translation>
    </message>
    <message>
        <source>Call center says: %1</source>
        <translation>呼叫中心答复:%1</translation>
    </message>
    <message>
        <source>Kept as a fact; it did not change the status</source>
        <translation>已作为事实保存,未改变工单状态</translation>
    </message>
</context>
<context>
    <name>msgbox</name>
    <message>
        <source>Something went wrong: %1</source>
        <translation>出错了:%1</translation>
    </message>
    <message>
        <source>Cannot do that</source>
        <translation>无法执行</translation>
    </message>
</context>
<context>
    <name>support</name>
    <message>
        <source>Save diagnostics for support</source>
        <translation>导出诊断包</translation>
    </message>
    <message>
        <source>Diagnostics saved</source>
        <translation>诊断包已保存</translation>
    </message>
    <message>
        <source>Send this file to support: %1</source>
        <translation>请把此文件发给技术支持:%1</translation>
    </message>
</context>
</TS>
