<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
    <context>
        <name>ApplicationScreen</name>
        <message>
            <source>名称符合规则</source>
            <translation>The name looks fine</translation>
        </message>
        <message>
            <source>请填写家庭成员姓名并选择关系</source>
            <translation>Enter the family member's name and choose how they are related</translation>
        </message>
        <message>
            <source>没有找到“{0}”。请换个说法，如“卖菜”“早餐”“理发”，或清空搜索框按类别查找。</source>
            <translation>Nothing found for “{0}”. Try other words, such as “sell vegetables”, “breakfast” or “haircut” (in Chinese), or clear the search box to browse by category.</translation>
        </message>
        <message>
            <source>‹ 返回全部类别</source>
            <translation>‹ All categories</translation>
        </message>
        <message>
            <source>字号名称（可不填）</source>
            <translation>Shop name (optional)</translation>
        </message>
        <message>
            <source>经营形式</source>
            <translation>Type of business</translation>
        </message>
        <message>
            <source>经营范围</source>
            <translation>Business activities</translation>
        </message>
        <message>
            <source>经营场所</source>
            <translation>Business address</translation>
        </message>
        <message>
            <source>资金数额和从业人数</source>
            <translation>Capital and staff</translation>
        </message>
        <message>
            <source>联系电话</source>
            <translation>Phone number</translation>
        </message>
        <message>
            <source>如需为店铺起名，请输入名称；不起名可直接点“下一步”。</source>
            <translation>To name your shop, type the name. No name? Just tap “Next”.</translation>
        </message>
        <message>
            <source>请选择个人经营或家庭经营。</source>
            <translation>Will you run it alone or with your family?</translation>
        </message>
        <message>
            <source>输入关键词或拼音首字母（如“rybh”）搜索，点选经营项目，可选多项。</source>
            <translation>Search by keyword or pinyin initials (e.g. “rybh”), then tap the activities you want. You can pick several.</translation>
        </message>
        <message>
            <source>经营场所须在本辖区内。请逐项选择或填写，并阅读承诺书。</source>
            <translation>The premises must be in this district. Choose or fill in each part and read the declaration.</translation>
        </message>
        <message>
            <source>请填写资金数额（元）和从业人数。</source>
            <translation>Enter the capital (yuan) and the number of staff.</translation>
        </message>
        <message>
            <source>请填写本人手机号码，用于接收办理结果。</source>
            <translation>Enter your mobile number. We will text you the result.</translation>
        </message>
        <message>
            <source>第 {0} 步，共 {1} 步</source>
            <translation>Step {0} of {1}</translation>
        </message>
        <message>
            <source>取消办理</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>上一步</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>下一步</source>
            <translation>Next</translation>
        </message>
        <message>
            <source>核对信息</source>
            <translation>Check details</translation>
        </message>
        <message>
            <source>名称</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>名称以本辖区地名开头，例如“潍坊市潍城区某某便利店”。</source>
            <translation>Start with the local place name, e.g. “潍坊市潍城区某某便利店”.</translation>
        </message>
        <message>
            <source>个人经营</source>
            <translation>On my own</translation>
        </message>
        <message>
            <source>家庭经营</source>
            <translation>With my family</translation>
        </message>
        <message>
            <source>家庭成员姓名</source>
            <translation>Family member's name</translation>
        </message>
        <message>
            <source>家庭成员身份证号码</source>
            <translation>Family member's ID number</translation>
        </message>
        <message>
            <source>添加此成员</source>
            <translation>Add this person</translation>
        </message>
        <message>
            <source>删除最后一位</source>
            <translation>Remove the last one</translation>
        </message>
        <message>
            <source>已添加：</source>
            <translation>Added: </translation>
        </message>
        <message>
            <source>无</source>
            <translation>none</translation>
        </message>
        <message>
            <source>搜索经营项目</source>
            <translation>Search activities</translation>
        </message>
        <message>
            <source>已选：</source>
            <translation>Chosen: </translation>
        </message>
        <message>
            <source>清空已选</source>
            <translation>Clear all</translation>
        </message>
        <message>
            <source>所在区县（本机辖区）：</source>
            <translation>District (served here): </translation>
        </message>
        <message>
            <source>经营场所类型</source>
            <translation>Type of premises</translation>
        </message>
        <message>
            <source>商铺</source>
            <translation>Shop</translation>
        </message>
        <message>
            <source>住宅</source>
            <translation>Home</translation>
        </message>
        <message>
            <source>商住两用</source>
            <translation>Shop and home</translation>
        </message>
        <message>
            <source>网络经营场所</source>
            <translation>Online shop</translation>
        </message>
        <message>
            <source>乡镇（街道）</source>
            <translation>Town (sub-district)</translation>
        </message>
        <message>
            <source>村（社区）</source>
            <translation>Village (community)</translation>
        </message>
        <message>
            <source>街（路）</source>
            <translation>Street (road)</translation>
        </message>
        <message>
            <source>门牌号</source>
            <translation>House number</translation>
        </message>
        <message>
            <source>如：100</source>
            <translation>e.g. 100</translation>
        </message>
        <message>
            <source>没有门牌号，按标志物填写</source>
            <translation>No house number: describe by a landmark</translation>
        </message>
        <message>
            <source>附近标志物（如学校、桥梁、村委会）</source>
            <translation>Nearby landmark (a school, bridge, village office…)</translation>
        </message>
        <message>
            <source>经营场所在标志物的哪一侧</source>
            <translation>Which side of the landmark the premises are on</translation>
        </message>
        <message>
            <source>距离标志物（米）</source>
            <translation>Distance from the landmark (metres)</translation>
        </message>
        <message>
            <source>楼号、房间号（可不填）</source>
            <translation>Building and room (optional)</translation>
        </message>
        <message>
            <source>电子商务平台名称</source>
            <translation>E-commerce platform</translation>
        </message>
        <message>
            <source>网店网址</source>
            <translation>Shop web address</translation>
        </message>
        <message>
            <source>我已阅读，我承诺</source>
            <translation>I have read it and I promise</translation>
        </message>
        <message>
            <source>已承诺（再点一次撤回）</source>
            <translation>Promised (tap again to withdraw)</translation>
        </message>
        <message>
            <source>资金数额（元）</source>
            <translation>Capital (yuan)</translation>
        </message>
        <message>
            <source>从业人数（含本人）</source>
            <translation>Staff (including you)</translation>
        </message>
        <message>
            <source>手机号码</source>
            <translation>Mobile number</translation>
        </message>
        <message>
            <source>11位数字</source>
            <translation>11 digits</translation>
        </message>
    </context>
    <context>
        <name>CardOrCodeScreen</name>
        <message>
            <source>扫描回执二维码</source>
            <translation>Scan receipt QR code</translation>
        </message>
    </context>
    <context>
        <name>ConsentScreen</name>
        <message>
            <source>个人信息告知与同意</source>
            <translation>Your personal information</translation>
        </message>
        <message>
            <source>请阅读以下说明，并分别勾选同意后继续。</source>
            <translation>Please read this, then tick both boxes to go on.</translation>
        </message>
        <message>
            <source>为办理个体工商户设立登记，本机将读取您的居民身份证信息（姓名、性别、民族、出生日期、住址、公民身份号码、证件有效期），并收集您填写的经营信息和手机号码，用于登记审核和发放营业执照。

本机将拍摄您的面部照片，仅用于与身份证照片比对、确认是本人办理。这属于敏感个人信息，需要您单独同意。

信息加密传送至市场监督管理部门，本机不长期保存。办理结束、取走身份证或长时间无操作时，本机上的信息会被清除。

如不同意，可到政务服务大厅窗口办理。</source>
            <translation>To register your business, this machine reads your ID card (name, sex, ethnic group, date of birth, address, ID number, validity) and collects the business details and mobile number you enter. They are used to review the registration and issue your business license.

It also takes a photo of your face, only to compare it with your ID card photo and confirm it is you. This is sensitive personal information, so we ask for your separate consent.

The information is sent encrypted to the market regulation authority and is not kept on this machine. It is wiped when you finish, take your card away, or stop using the machine for a while.

If you do not agree, you can apply at a counter in the government service hall.</translation>
        </message>
        <message>
            <source>我同意按上述说明处理我的个人信息</source>
            <translation>I agree to the use of my information as described</translation>
        </message>
        <message>
            <source>我单独同意采集本人面部照片用于身份核验</source>
            <translation>I also agree to a face photo to confirm it's me</translation>
        </message>
        <message>
            <source>不同意，返回</source>
            <translation>I do not agree</translation>
        </message>
        <message>
            <source>同意并继续</source>
            <translation>Agree and continue</translation>
        </message>
    </context>
    <context>
        <name>EvaluationScreen</name>
        <message>
            <source>服务评价</source>
            <translation>Rate our service</translation>
        </message>
        <message>
            <source>请对本次服务作出评价。</source>
            <translation>How was your visit today?</translation>
        </message>
        <message>
            <source>（可不评）</source>
            <translation> (optional)</translation>
        </message>
        <message>
            <source>请选择不满意的原因（可多选）</source>
            <translation>Please tick what you were unhappy with (one or more)</translation>
        </message>
        <message>
            <source>意见或建议（可不填）</source>
            <translation>Comments or ideas (optional)</translation>
        </message>
        <message>
            <source>跳过</source>
            <translation>Skip</translation>
        </message>
        <message>
            <source>提交评价</source>
            <translation>Send rating</translation>
        </message>
    </context>
    <context>
        <name>FaceScreen</name>
        <message>
            <source>拍摄面部照片</source>
            <translation>Face photo</translation>
        </message>
        <message>
            <source>请摘下帽子和口罩，正对摄像头，让面部位于框内。</source>
            <translation>Please take off any hat or mask, look at the camera and keep your face inside the oval.</translation>
        </message>
        <message>
            <source>{0} 秒后开始拍照</source>
            <translation>Photo in {0} s</translation>
        </message>
        <message>
            <source>很好，请保持不动</source>
            <translation>Good, hold still</translation>
        </message>
        <message>
            <source>照片已拍好。满意请点“使用这张照片”，否则点“重拍”。</source>
            <translation>Photo taken. Happy with it? Tap “Use this photo”. If not, tap “Retake”.</translation>
        </message>
        <message>
            <source>没有拍好，请再试一次。</source>
            <translation>That didn't work. Please try again. </translation>
        </message>
        <message>
            <source>取消办理</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>重拍</source>
            <translation>Retake</translation>
        </message>
        <message>
            <source>重试</source>
            <translation>Try again</translation>
        </message>
        <message>
            <source>使用这张照片</source>
            <translation>Use this photo</translation>
        </message>
    </context>
    <context>
        <name>GoodbyeScreen</name>
        <message>
            <source>办理结束</source>
            <translation>All done</translation>
        </message>
        <message>
            <source>请取走您的身份证和打印的材料。感谢您的使用，再见！</source>
            <translation>Please take your ID card and your printouts. Thank you, goodbye!</translation>
        </message>
        <message>
            <source>请取走身份证</source>
            <translation>Take your ID card</translation>
        </message>
        <message>
            <source>返回首页</source>
            <translation>Back to start</translation>
        </message>
    </context>
    <context>
        <name>HomeScreen</name>
        <message>
            <source>请取走身份证</source>
            <translation>Please take your ID card</translation>
        </message>
        <message>
            <source>个体工商户设立登记</source>
            <translation>Register an individual business</translation>
        </message>
        <message>
            <source>自助办理 · 约十分钟 · 当场领取营业执照</source>
            <translation>Self-service · about 10 minutes · license printed on the spot</translation>
        </message>
        <message>
            <source>开始办理 个体工商户设立登记</source>
            <translation>Start: register an individual business</translation>
        </message>
        <message>
            <source>查询办件 / 补打执照</source>
            <translation>Check an application / reprint license</translation>
        </message>
        <message>
            <source>服务评价</source>
            <translation>Rate our service</translation>
        </message>
        <message>
            <source>扫码填表</source>
            <translation>Scan to fill in the form</translation>
        </message>
        <message>
            <source>{0}市场监督管理局 · 终端 {1}</source>
            <translation>{0} Market Regulation Administration · Terminal {1}</translation>
        </message>
        <message>
            <source>请取走您的身份证。</source>
            <translation>Please take your ID card.</translation>
        </message>
        <message>
            <source>您好，请点击屏幕开始办理。</source>
            <translation>Hello! Tap the screen to begin.</translation>
        </message>
    </context>
    <context>
        <name>IdleOverlay</name>
        <message>
            <source>您还在办理吗？</source>
            <translation>Are you still there?</translation>
        </message>
        <message>
            <source>{0} 秒后将清除已填写的信息并返回首页</source>
            <translation>In {0} s your details will be cleared and the kiosk will restart</translation>
        </message>
        <message>
            <source>继续办理</source>
            <translation>Continue</translation>
        </message>
    </context>
    <context>
        <name>KioskWindow</name>
        <message>
            <source>关怀模式</source>
            <translation>Easy view</translation>
        </message>
        <message>
            <source>呼叫工作人员</source>
            <translation>Call staff</translation>
        </message>
        <message>
            <source>English</source>
            <translation>中文</translation>
        </message>
        <message>
            <source>声音：关</source>
            <translation>Sound: off</translation>
        </message>
        <message>
            <source>声音：开</source>
            <translation>Sound: on</translation>
        </message>
    </context>
    <context>
        <name>LookupScreen</name>
        <message>
            <source>查询办件 / 补打执照</source>
            <translation>Check an application / reprint license</translation>
        </message>
        <message>
            <source>点选一件办件，可查看结果、补打执照或回执，或进行评价。</source>
            <translation>Tap an application to see its result, reprint the license or receipt, or rate the service.</translation>
        </message>
        <message>
            <source>已核准（可补打营业执照）</source>
            <translation>Approved (license can be reprinted)</translation>
        </message>
        <message>
            <source>审核中</source>
            <translation>Under review</translation>
        </message>
        <message>
            <source>未能受理</source>
            <translation>Not accepted</translation>
        </message>
        <message>
            <source>待网络恢复后提交</source>
            <translation>Will be sent when the network is back</translation>
        </message>
        <message>
            <source>正在查询，请稍候…</source>
            <translation>Searching, please wait…</translation>
        </message>
        <message>
            <source>本机没有查到您的办件记录。</source>
            <translation>No applications found for you on this machine.</translation>
        </message>
        <message>
            <source>共 {0} 件</source>
            <translation>{0} found</translation>
        </message>
        <message>
            <source>个体工商户设立登记</source>
            <translation>Individual business registration</translation>
        </message>
        <message>
            <source>返回首页</source>
            <translation>Back to start</translation>
        </message>
    </context>
    <context>
        <name>PickupScreen</name>
        <message>
            <source>凭回执查询和领取营业执照</source>
            <translation>Check a case and collect the license with the receipt</translation>
        </message>
        <message>
            <source>已核准</source>
            <translation>Approved</translation>
        </message>
        <message>
            <source>审核中</source>
            <translation>Under review</translation>
        </message>
        <message>
            <source>未能受理</source>
            <translation>Not accepted</translation>
        </message>
        <message>
            <source>待网络恢复后提交</source>
            <translation>Will be submitted when the network is back</translation>
        </message>
        <message>
            <source>正在查询，请稍候…</source>
            <translation>Looking it up, please wait…</translation>
        </message>
        <message>
            <source>统一社会信用代码：{0}</source>
            <translation>Unified social credit code: {0}</translation>
        </message>
        <message>
            <source>请将申请人本人的身份证放在读卡区，并正对摄像头拍照，核验一致后打印营业执照。如身份证已在读卡区，请取下后重新放置。</source>
            <translation>Place the applicant's own ID card on the reader and face the camera for a photo; once both match, the business license prints. If the card is already on the reader, lift it and place it again.</translation>
        </message>
        <message>
            <source>您的申请正在审核，审核通过后可凭回执到任一终端领取营业执照。</source>
            <translation>Your application is under review. Once approved, collect the business license at any terminal with the receipt.</translation>
        </message>
        <message>
            <source>如有疑问，请到政务服务大厅窗口咨询。</source>
            <translation>For questions, please ask at a counter of the government service hall.</translation>
        </message>
        <message>
            <source>您的申请已保存在本机，网络恢复后会自动提交，请稍后再查询。</source>
            <translation>Your application is saved on this terminal and will be submitted automatically when the network is back. Please check again later.</translation>
        </message>
        <message>
            <source>请正对摄像头，核验是否为申请人本人。</source>
            <translation>Please face the camera: we check that you are the applicant.</translation>
        </message>
        <message>
            <source>未找到该办件，请核对回执，或到政务服务大厅窗口咨询。</source>
            <translation>No such case was found. Please check the receipt, or ask at a counter of the government service hall.</translation>
        </message>
        <message>
            <source>该申请尚在办理时所用终端的待发送队列中，网络恢复后会自动提交。请稍后再查询，或到办理申请的终端查询。</source>
            <translation>This application is still waiting to be sent at the terminal where it was filed, and will be submitted automatically when the network is back. Please check again later, or at that terminal.</translation>
        </message>
        <message>
            <source>暂时无法连接后台，请稍后再试。</source>
            <translation>The service cannot be reached right now. Please try again later.</translation>
        </message>
        <message>
            <source>正在核验身份，请不要移动身份证…</source>
            <translation>Checking your identity, please do not move the ID card…</translation>
        </message>
        <message>
            <source>身份证与该办件的申请人不一致，不能领取营业执照。请放置申请人本人的身份证。</source>
            <translation>This ID card is not the applicant's, so the business license cannot be collected. Please place the applicant's own ID card.</translation>
        </message>
        <message>
            <source>身份核验失败次数过多，请15分钟后再试，或到政务服务大厅窗口办理。</source>
            <translation>Too many failed identity checks. Please try again in 15 minutes, or go to a counter of the government service hall.</translation>
        </message>
        <message>
            <source>没有拍好。请取下身份证后重新放置，再拍一次。</source>
            <translation>The photo did not work. Lift the ID card and place it again to take another.</translation>
        </message>
        <message>
            <source>摄像头暂时无法使用，请到政务服务大厅窗口领取营业执照。</source>
            <translation>The camera is not available right now. Please collect the business license at a service hall counter.</translation>
        </message>
        <message>
            <source>现场人像与申请时采集的人像不一致，不能领取营业执照。请申请人本人前来领取。</source>
            <translation>The face here does not match the face taken with the application, so the license cannot be released. The applicant must collect it in person.</translation>
        </message>
        <message>
            <source>无法确认领取人为申请人本人，请到政务服务大厅窗口领取营业执照。</source>
            <translation>We cannot confirm that you are the applicant. Please collect the business license at a service hall counter.</translation>
        </message>
        <message>
            <source>返回首页</source>
            <translation>Back to start</translation>
        </message>
    </context>
    <context>
        <name>PinPage</name>
        <message>
            <source>维护模式</source>
            <translation>Technician mode</translation>
        </message>
        <message>
            <source>请输入维护密码。</source>
            <translation>Enter the technician PIN.</translation>
        </message>
        <message>
            <source>清除</source>
            <translation>Clear</translation>
        </message>
        <message>
            <source>确定</source>
            <translation>OK</translation>
        </message>
        <message>
            <source>密码错误，还可再试 {0} 次</source>
            <translation>Wrong PIN. {0} tries left</translation>
        </message>
        <message>
            <source>错误次数过多，已锁定，请 {0} 秒后再试</source>
            <translation>Too many wrong PINs. Locked, try again in {0} s</translation>
        </message>
        <message>
            <source>本机尚未设置维护密码（kiosk technician set-pin）</source>
            <translation>No technician PIN is set on this terminal (kiosk technician set-pin)</translation>
        </message>
        <message>
            <source>返回首页</source>
            <translation>Back to start</translation>
        </message>
    </context>
    <context>
        <name>PlaceCardScreen</name>
        <message>
            <source>读取身份证</source>
            <translation>Read your ID card</translation>
        </message>
        <message>
            <source>查询办件：读取身份证</source>
            <translation>Find your application: read your ID card</translation>
        </message>
        <message>
            <source>请将身份证平放在下方读卡区，不要移动。</source>
            <translation>Lay your ID card flat on the reader below and keep it still.</translation>
        </message>
        <message>
            <source>▼ 读卡区 ▼</source>
            <translation>▼ Card reader ▼</translation>
        </message>
        <message>
            <source>身份证已在读卡区？请取下后重新放置。</source>
            <translation>Card already on the reader? Lift it off and put it back.</translation>
        </message>
        <message>
            <source>支持居民身份证、港澳台居民居住证、外国人永久居留身份证。</source>
            <translation>Accepted: resident ID card, Hong Kong/Macao/Taiwan residence permit, foreigner's permanent residence ID card.</translation>
        </message>
        <message>
            <source>取消，返回首页</source>
            <translation>Cancel</translation>
        </message>
    </context>
    <context>
        <name>ProblemScreen</name>
        <message>
            <source>遇到问题</source>
            <translation>Something went wrong</translation>
        </message>
        <message>
            <source>请看下面的说明。</source>
            <translation>Here is what to do.</translation>
        </message>
        <message>
            <source>返回首页</source>
            <translation>Back to start</translation>
        </message>
        <message>
            <source>评价本次服务</source>
            <translation>Rate our service</translation>
        </message>
        <message>
            <source>完成</source>
            <translation>Done</translation>
        </message>
        <message>
            <source>重试</source>
            <translation>Try again</translation>
        </message>
    </context>
    <context>
        <name>ResultScreen</name>
        <message>
            <source>办理结果</source>
            <translation>Your result</translation>
        </message>
        <message>
            <source>登记成功</source>
            <translation>Registered!</translation>
        </message>
        <message>
            <source>统一社会信用代码：{0}</source>
            <translation>Unified social credit code: {0}</translation>
        </message>
        <message>
            <source>已受理，等待审核</source>
            <translation>Received, awaiting review</translation>
        </message>
        <message>
            <source>恭喜您，个体工商户登记已核准。</source>
            <translation>Congratulations, your individual business registration is approved.</translation>
        </message>
        <message>
            <source>正在打印营业执照，请稍候…</source>
            <translation>Printing your business license, please wait…</translation>
        </message>
        <message>
            <source>营业执照已打印好，请取走。</source>
            <translation>Your business license is printed. Please take it.</translation>
        </message>
        <message>
            <source>您的申请已提交，需要工作人员审核。可凭受理回执或身份证查询结果、领取执照。</source>
            <translation>Your application is submitted and needs a review by staff. Use the receipt or your ID card to check the result and collect the license.</translation>
        </message>
        <message>
            <source>审核一般在3个工作日内完成，结果将以短信通知。</source>
            <translation>Reviews usually take up to 3 working days. We will text you the result.</translation>
        </message>
        <message>
            <source>正在打印受理回执，请稍候…</source>
            <translation>Printing your receipt, please wait…</translation>
        </message>
        <message>
            <source>受理回执已打印好，请取走收好。</source>
            <translation>Your receipt is printed. Please take it and keep it.</translation>
        </message>
        <message>
            <source>未能受理</source>
            <translation>Not accepted</translation>
        </message>
        <message>
            <source>您的申请暂不能在本机办理，请到政务服务大厅窗口咨询。</source>
            <translation>This application cannot be handled here. Please ask at a counter in the government service hall.</translation>
        </message>
        <message>
            <source>已保存，网络恢复后自动提交</source>
            <translation>Saved. It will be sent when the network is back</translation>
        </message>
        <message>
            <source>网络暂时中断。您的申请已安全保存在本机，网络恢复后会自动提交，无需重新办理。</source>
            <translation>The network is down for now. Your application is saved safely here and will be sent automatically. You do not need to apply again.</translation>
        </message>
        <message>
            <source>正在打印，请稍候…</source>
            <translation>Printing, please wait…</translation>
        </message>
        <message>
            <source>打印完成，请取走打印的材料。</source>
            <translation>Printed. Please take your papers.</translation>
        </message>
        <message>
            <source>可凭受理回执或身份证在任一终端查询结果。</source>
            <translation>Use the receipt or your ID card at any terminal to check the result.</translation>
        </message>
        <message>
            <source>请取走您的身份证。</source>
            <translation>Please take your ID card.</translation>
        </message>
        <message>
            <source>完成</source>
            <translation>Done</translation>
        </message>
        <message>
            <source>重新打印（限一次）</source>
            <translation>Print again (once only)</translation>
        </message>
        <message>
            <source>评价本次服务</source>
            <translation>Rate our service</translation>
        </message>
    </context>
    <context>
        <name>ReviewScreen</name>
        <message>
            <source>经营者</source>
            <translation>Owner</translation>
        </message>
        <message>
            <source>证件号码</source>
            <translation>ID number</translation>
        </message>
        <message>
            <source>名称</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>（不起名）</source>
            <translation>(no name)</translation>
        </message>
        <message>
            <source>经营形式</source>
            <translation>Type of business</translation>
        </message>
        <message>
            <source>家庭经营</source>
            <translation>With my family</translation>
        </message>
        <message>
            <source>个人经营</source>
            <translation>On my own</translation>
        </message>
        <message>
            <source>家庭成员</source>
            <translation>Family members</translation>
        </message>
        <message>
            <source>无</source>
            <translation>none</translation>
        </message>
        <message>
            <source>经营范围</source>
            <translation>Business activities</translation>
        </message>
        <message>
            <source>经营场所</source>
            <translation>Business address</translation>
        </message>
        <message>
            <source>资金数额</source>
            <translation>Capital</translation>
        </message>
        <message>
            <source>{0} 元</source>
            <translation>{0} yuan</translation>
        </message>
        <message>
            <source>从业人数</source>
            <translation>Staff</translation>
        </message>
        <message>
            <source>{0} 人</source>
            <translation>{0}</translation>
        </message>
        <message>
            <source>联系电话</source>
            <translation>Phone number</translation>
        </message>
        <message>
            <source>修改</source>
            <translation>Change</translation>
        </message>
        <message>
            <source>核对信息</source>
            <translation>Check your details</translation>
        </message>
        <message>
            <source>请仔细核对以下信息。哪一项需要改，就点那一行的“修改”。</source>
            <translation>Please check the details below carefully. To change one, tap “Change” on its line.</translation>
        </message>
        <message>
            <source>返回修改</source>
            <translation>Edit</translation>
        </message>
        <message>
            <source>信息无误，去签名</source>
            <translation>All correct, sign</translation>
        </message>
    </context>
    <context>
        <name>ScanScreen</name>
        <message>
            <source>扫描二维码</source>
            <translation>Scan a QR code</translation>
        </message>
        <message>
            <source>请将受理回执上的二维码，或手机上的申请二维码，对准摄像头。</source>
            <translation>Hold the QR code on your receipt, or the application QR code on your phone, up to the camera.</translation>
        </message>
        <message>
            <source>回执二维码：查看办理结果，领取营业执照。申请二维码：在手机上预先填写的申请，扫码后自动填入，您仍需读取身份证、拍照并逐项核对。</source>
            <translation>Receipt QR code: see the result and collect the business license. Application QR code: an application filled in beforehand on a phone is entered for you; you still read your ID card, take the photo and check every item.</translation>
        </message>
        <message>
            <source>无法识别此二维码，请出示本系统打印的回执或生成的申请二维码。</source>
            <translation>This QR code is not recognised. Please show a receipt printed by this system or an application QR code made for it.</translation>
        </message>
        <message>
            <source>此申请二维码无效或已被改动，请重新生成或在终端上填写。</source>
            <translation>This application QR code is invalid or has been altered. Please make a new one, or fill in the form here.</translation>
        </message>
        <message>
            <source>此申请二维码的经营场所不在本终端辖区，请到所在区县的终端办理。</source>
            <translation>The premises in this application QR code are outside this terminal's district. Please apply at a terminal of that district.</translation>
        </message>
        <message>
            <source>返回首页</source>
            <translation>Back to start</translation>
        </message>
    </context>
    <context>
        <name>SignScreen</name>
        <message>
            <source>签名确认</source>
            <translation>Sign</translation>
        </message>
        <message>
            <source>请用手指在下方方框内签写您的姓名，签好后点“确认提交”。</source>
            <translation>Sign your name in the box with your finger, then tap “Submit”.</translation>
        </message>
        <message>
            <source>返回</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>重新签名</source>
            <translation>Sign again</translation>
        </message>
        <message>
            <source>正在提交…</source>
            <translation>Submitting…</translation>
        </message>
        <message>
            <source>确认提交</source>
            <translation>Submit</translation>
        </message>
    </context>
    <context>
        <name>SubmittingScreen</name>
        <message>
            <source>正在提交</source>
            <translation>Submitting</translation>
        </message>
        <message>
            <source>您的申请已安全保存，正在等待审核结果，请稍候。</source>
            <translation>Your application is saved. Waiting for the decision, please wait.</translation>
        </message>
        <message>
            <source>请不要取走身份证。</source>
            <translation>Please leave your ID card on the reader.</translation>
        </message>
    </context>
    <context>
        <name>TechnicianMode</name>
        <message>
            <source>正在诊断，约需半分钟…</source>
            <translation>Running diagnostics, about half a minute…</translation>
        </message>
        <message>
            <source>正常</source>
            <translation>OK</translation>
        </message>
        <message>
            <source>注意</source>
            <translation>WARN</translation>
        </message>
        <message>
            <source>故障</source>
            <translation>FAIL</translation>
        </message>
        <message>
            <source>诊断完成：正常 {0}，注意 {1}，故障 {2}</source>
            <translation>Diagnostics done: {0} OK, {1} warnings, {2} failures</translation>
        </message>
        <message>
            <source>诊断未能完成：{0}</source>
            <translation>Diagnostics could not finish: {0}</translation>
        </message>
        <message>
            <source>正在打印测试页…</source>
            <translation>Printing the test page…</translation>
        </message>
        <message>
            <source>测试页已打印（{0}）。请检查边框距纸边是否为 10 毫米。</source>
            <translation>Test page printed ({0}). Check that the frame is 10 mm from the paper edge.</translation>
        </message>
        <message>
            <source>打印失败：{0}</source>
            <translation>Printing failed: {0}</translation>
        </message>
        <message>
            <source>证件已在读卡区：请取下后重新放置。</source>
            <translation>A card is already on the reader: lift it off and put it back.</translation>
        </message>
        <message>
            <source>请将一张证件放在读卡区。</source>
            <translation>Place a card on the reader.</translation>
        </message>
        <message>
            <source>读卡成功：{0}。读卡器工作正常。</source>
            <translation>Card read: {0}. The reader works.</translation>
        </message>
        <message>
            <source>读卡失败：{0}</source>
            <translation>Reading failed: {0}</translation>
        </message>
        <message>
            <source>正在打开摄像头…</source>
            <translation>Opening the camera…</translation>
        </message>
        <message>
            <source>摄像头工作正常：画面应清晰、明亮。</source>
            <translation>Camera works: the picture should be sharp and bright.</translation>
        </message>
        <message>
            <source>摄像头故障：{0}</source>
            <translation>Camera fault: {0}</translation>
        </message>
        <message>
            <source>待发送 {0} · 发送中 {1} · 已完成 {2} · 失败 {3}</source>
            <translation>Waiting {0} · sending {1} · done {2} · failed {3}</translation>
        </message>
        <message>
            <source>已将 {0} 件失败件放回待发送队列。</source>
            <translation>{0} failed submission(s) queued again.</translation>
        </message>
    </context>
    <context>
        <name>ToolsPage</name>
        <message>
            <source>维护模式</source>
            <translation>Technician mode</translation>
        </message>
        <message>
            <source>终端 {0}。选择一项检测；完成后点“退出维护模式”。</source>
            <translation>Terminal {0}. Choose a test; tap “Exit technician mode” when done.</translation>
        </message>
        <message>
            <source>设备诊断</source>
            <translation>Diagnostics</translation>
        </message>
        <message>
            <source>打印测试页</source>
            <translation>Test print</translation>
        </message>
        <message>
            <source>测试读卡</source>
            <translation>Test card read</translation>
        </message>
        <message>
            <source>摄像头预览</source>
            <translation>Camera preview</translation>
        </message>
        <message>
            <source>提交队列</source>
            <translation>Queue</translation>
        </message>
        <message>
            <source>重新提交失败件</source>
            <translation>Retry failed submissions</translation>
        </message>
        <message>
            <source>退出维护模式</source>
            <translation>Exit technician mode</translation>
        </message>
        <message>
            <source>居民身份证</source>
            <translation>Resident ID card</translation>
        </message>
        <message>
            <source>港澳台居民居住证</source>
            <translation>HK/Macao/Taiwan residence permit</translation>
        </message>
        <message>
            <source>外国人永久居留身份证（2017版）</source>
            <translation>Foreigner permanent residence ID (2017)</translation>
        </message>
        <message>
            <source>外国人永久居留身份证（2023版）</source>
            <translation>Foreigner permanent residence ID (2023)</translation>
        </message>
    </context>
    <context>
        <name>overlay</name>
        <message>
            <source>请把身份证放回读卡区</source>
            <translation>Please put your ID card back on the reader</translation>
        </message>
        <message>
            <source>{0} 秒内放回同一张身份证，可以继续办理，已填写的信息都会保留。</source>
            <translation>Put the same ID card back within {0} seconds to carry on; everything you entered is kept.</translation>
        </message>
        <message>
            <source>正在呼叫工作人员…</source>
            <translation>Calling staff…</translation>
        </message>
        <message>
            <source>请稍候。</source>
            <translation>Please wait.</translation>
        </message>
        <message>
            <source>工作人员马上就到</source>
            <translation>Staff are on their way</translation>
        </message>
        <message>
            <source>请在这里稍候，已填写的信息都会保留。</source>
            <translation>Please wait here; everything you entered is kept.</translation>
        </message>
        <message>
            <source>好的</source>
            <translation>OK</translation>
        </message>
        <message>
            <source>呼叫没有送达</source>
            <translation>The call did not get through</translation>
        </message>
        <message>
            <source>请向大厅里的工作人员招手，或到服务台寻求帮助。</source>
            <translation>Please wave to staff in the hall, or ask at the service desk.</translation>
        </message>
    </context>
    <context>
        <name>kiosk</name>
        <message>
            <source>非常满意</source>
            <translation>Very satisfied</translation>
        </message>
        <message>
            <source>满意</source>
            <translation>Satisfied</translation>
        </message>
        <message>
            <source>基本满意</source>
            <translation>Mostly satisfied</translation>
        </message>
        <message>
            <source>不满意</source>
            <translation>Dissatisfied</translation>
        </message>
        <message>
            <source>非常不满意</source>
            <translation>Very dissatisfied</translation>
        </message>
        <message>
            <source>配偶</source>
            <translation>Spouse</translation>
        </message>
        <message>
            <source>子女</source>
            <translation>Child</translation>
        </message>
        <message>
            <source>父母</source>
            <translation>Parent</translation>
        </message>
        <message>
            <source>兄弟姐妹</source>
            <translation>Sibling</translation>
        </message>
        <message>
            <source>东</source>
            <translation>East</translation>
        </message>
        <message>
            <source>东南</source>
            <translation>South-east</translation>
        </message>
        <message>
            <source>南</source>
            <translation>South</translation>
        </message>
        <message>
            <source>西南</source>
            <translation>South-west</translation>
        </message>
        <message>
            <source>西</source>
            <translation>West</translation>
        </message>
        <message>
            <source>西北</source>
            <translation>North-west</translation>
        </message>
        <message>
            <source>北</source>
            <translation>North</translation>
        </message>
        <message>
            <source>东北</source>
            <translation>North-east</translation>
        </message>
        <message>
            <source>山东省市场主体住所（经营场所）申报承诺书</source>
            <translation>Shandong declaration and promise on the business premises</translation>
        </message>
        <message>
            <source>本人承诺：所申报的住所（经营场所）真实存在，本人依法享有使用权，且符合法律法规及当地政府关于经营场所的规定；住所（经营场所）用于经营不违反安全、环保、消防、规划等要求，不损害他人合法权益。如有不实，本人愿意承担相应的法律责任，登记机关可依法将该住所（经营场所）列入经营异常名录或撤销登记。</source>
            <translation>I promise that the premises declared exist, that I have the lawful right to use them and that they meet the laws, regulations and local rules on business premises; using them for business breaks no safety, environmental, fire or planning requirement and harms no one's lawful rights. If this is untrue I accept the legal consequences, and the registration authority may list the premises as abnormal or revoke the registration. (The Chinese text is the binding one.)</translation>
        </message>
        <message>
            <source>整体满意度</source>
            <translation>Overall satisfaction</translation>
        </message>
        <message>
            <source>服务效率</source>
            <translation>Efficiency</translation>
        </message>
        <message>
            <source>服务水平</source>
            <translation>Quality of service</translation>
        </message>
        <message>
            <source>服务态度</source>
            <translation>Attitude</translation>
        </message>
        <message>
            <source>办理时间长</source>
            <translation>It took long</translation>
        </message>
        <message>
            <source>等候时间长</source>
            <translation>Long wait</translation>
        </message>
        <message>
            <source>需要多次跑动</source>
            <translation>Needed several trips</translation>
        </message>
        <message>
            <source>要求提交的材料多</source>
            <translation>Too many documents asked for</translation>
        </message>
        <message>
            <source>一次性告知不清楚</source>
            <translation>Not told everything at once</translation>
        </message>
        <message>
            <source>办事指南不准确</source>
            <translation>The guide was inaccurate</translation>
        </message>
        <message>
            <source>工作人员业务不熟练</source>
            <translation>Staff not skilled</translation>
        </message>
        <message>
            <source>自助终端操作不便</source>
            <translation>The terminal is hard to use</translation>
        </message>
        <message>
            <source>态度生硬</source>
            <translation>Curt manner</translation>
        </message>
        <message>
            <source>推诿扯皮</source>
            <translation>Passed from one to another</translation>
        </message>
        <message>
            <source>不耐心解答</source>
            <translation>Impatient answers</translation>
        </message>
        <message>
            <source>其他问题</source>
            <translation>Other problem</translation>
        </message>
        <message>
            <source>身份证读取失败。请把身份证平放在读卡区，不要移动，然后重试。</source>
            <translation>Your ID card could not be read. Lay it flat on the reader, keep it still and try again.</translation>
        </message>
        <message>
            <source>您的身份证已过有效期，无法在本机办理。请更换证件后再来，或到政务服务大厅窗口办理。</source>
            <translation>Your ID card has expired, so it cannot be used here. Please renew it first, or apply at a counter in the government service hall.</translation>
        </message>
        <message>
            <source>未满十六周岁不能申请个体工商户登记。</source>
            <translation>You must be at least 16 to register an individual business.</translation>
        </message>
        <message>
            <source>本机暂不受理此类证件。请到政务服务大厅窗口办理。</source>
            <translation>This kind of card is not accepted here. Please apply at a counter in the government service hall.</translation>
        </message>
        <message>
            <source>身份证已被取走，本次办理已取消，已填写的信息已清除。</source>
            <translation>The ID card was taken away, so this application was cancelled and your details were cleared.</translation>
        </message>
        <message>
            <source>放回的不是刚才的身份证，本次办理已取消，已填写的信息已清除。</source>
            <translation>That is not the ID card used before. This application is cancelled and what you entered has been cleared.</translation>
        </message>
        <message>
            <source>摄像头暂时无法使用。请联系工作人员，或到政务服务大厅窗口办理。</source>
            <translation>The camera is not working right now. Please ask a member of staff, or apply at a counter in the government service hall.</translation>
        </message>
        <message>
            <source>人脸采集未成功。请正对摄像头，保持光线充足后重试。</source>
            <translation>We could not take your face photo. Face the camera in good light and try again.</translation>
        </message>
        <message>
            <source>打印机暂时无法使用。您的申请已提交，可凭受理回执或身份证到任一终端补打。</source>
            <translation>The printer is not working right now. Your application has been sent; you can reprint at any kiosk with your receipt or ID card.</translation>
        </message>
        <message>
            <source>读卡器暂时无法使用。请联系工作人员，或到政务服务大厅窗口办理。</source>
            <translation>The card reader is not working right now. Please ask a member of staff, or apply at a counter in the government service hall.</translation>
        </message>
        <message>
            <source>请至少选择一项经营范围</source>
            <translation>Please choose at least one business activity</translation>
        </message>
        <message>
            <source>请选择经营场所类型</source>
            <translation>Please choose the type of premises</translation>
        </message>
        <message>
            <source>经营场所请填写到门牌号，例如“胜利西街100号”</source>
            <translation>Please include the house number, e.g. “胜利西街100号”</translation>
        </message>
        <message>
            <source>请阅读住所（经营场所）申报承诺书，并点“我承诺”</source>
            <translation>Please read the premises declaration and tap “I promise”</translation>
        </message>
        <message>
            <source>请填写资金数额（元），须大于零</source>
            <translation>Please enter the capital in yuan (more than zero)</translation>
        </message>
        <message>
            <source>从业人数应在1到999人之间</source>
            <translation>Staff must be between 1 and 999</translation>
        </message>
        <message>
            <source>请填写11位手机号码</source>
            <translation>Please enter an 11-digit mobile number</translation>
        </message>
        <message>
            <source>家庭经营请至少添加一位参加经营的家庭成员</source>
            <translation>For a family business, please add at least one family member who works in it</translation>
        </message>
        <message>
            <source>请选择或填写乡镇（街道）</source>
            <translation>Please choose or enter the town (sub-district)</translation>
        </message>
        <message>
            <source>请选择或填写街（路）</source>
            <translation>Please choose or enter the street (road)</translation>
        </message>
        <message>
            <source>门牌号请填写数字，例如“100”</source>
            <translation>Enter the house number in digits, e.g. “100”</translation>
        </message>
        <message>
            <source>请填写门牌号；没有门牌号的，请填写附近标志物及方位、距离</source>
            <translation>Please enter the house number; without one, describe a nearby landmark, the side and the distance</translation>
        </message>
        <message>
            <source>请选择经营场所在标志物的哪一侧，并填写距离（1到{0}米）</source>
            <translation>Please choose which side of the landmark the premises are on and enter the distance (1 to {0} metres)</translation>
        </message>
        <message>
            <source>请填写电子商务平台名称</source>
            <translation>Please enter the e-commerce platform</translation>
        </message>
        <message>
            <source>请填写网店网址，以 http:// 或 https:// 开头</source>
            <translation>Please enter the shop's web address, starting with http:// or https://</translation>
        </message>
        <message>
            <source>请正对摄像头，让面部出现在框内</source>
            <translation>Face the camera and keep your face inside the oval</translation>
        </message>
        <message>
            <source>请确保画面中只有您一个人</source>
            <translation>Make sure only you are in the picture</translation>
        </message>
        <message>
            <source>请靠近一点</source>
            <translation>Come a little closer</translation>
        </message>
        <message>
            <source>请稍微后退一点</source>
            <translation>Move back a little</translation>
        </message>
        <message>
            <source>请移动到画面中央</source>
            <translation>Move to the middle of the picture</translation>
        </message>
        <message>
            <source>光线太暗，请面向光源</source>
            <translation>Too dark: face the light</translation>
        </message>
        <message>
            <source>光线太亮，请避开强光</source>
            <translation>Too bright: move out of the glare</translation>
        </message>
        <message>
            <source>脸部光线不均匀，请正对光源</source>
            <translation>Uneven light on your face: face the light</translation>
        </message>
        <message>
            <source>请保持不动</source>
            <translation>Hold still</translation>
        </message>
        <message>
            <source>请正视摄像头，不要歪头或侧脸</source>
            <translation>Look straight at the camera; don't tilt or turn your head</translation>
        </message>
        <message>
            <source>请眨眨眼</source>
            <translation>Please blink</translation>
        </message>
        <message>
            <source>请慢慢向左转头，再转回来</source>
            <translation>Slowly turn your head left, then back</translation>
        </message>
        <message>
            <source>请慢慢向右转头，再转回来</source>
            <translation>Slowly turn your head right, then back</translation>
        </message>
        <message>
            <source>请保持正对摄像头</source>
            <translation>Keep facing the camera</translation>
        </message>
        <message>
            <source>(个体工商户)</source>
            <translation>(individual business)</translation>
        </message>
        <message>
            <source>名称不能含有字母、汉语拼音或外国文字</source>
            <translation>The name cannot contain letters, pinyin or foreign words</translation>
        </message>
        <message>
            <source>名称不能含有阿拉伯数字，请用汉字书写</source>
            <translation>The name cannot contain digits; write numbers in Chinese characters</translation>
        </message>
        <message>
            <source>名称不能含有标点符号、空格或其他符号</source>
            <translation>The name cannot contain punctuation, spaces or symbols</translation>
        </message>
        <message>
            <source>名称不能使用“{0}”字样</source>
            <translation>The name cannot use “{0}”</translation>
        </message>
        <message>
            <source>名称不能使用外国国家（地区）名称“{0}”</source>
            <translation>The name cannot use the foreign country or region name “{0}”</translation>
        </message>
        <message>
            <source>名称含有需人工审核的字词“{0}”</source>
            <translation>The name contains “{0}”, which staff must review</translation>
        </message>
        <message>
            <source>个体工商户名称不能使用“{0}”作组织形式或字样</source>
            <translation>An individual business name cannot use “{0}”</translation>
        </message>
        <message>
            <source>名称应以组织形式结尾，如“店”“馆”“部”“行”“厂”“中心”</source>
            <translation>The name must end with a business type, such as “店” “馆” “部” “行” “厂” “中心”</translation>
        </message>
        <message>
            <source>名称应包含至少2个字的字号和行业，例如“潍城区张三便利店”</source>
            <translation>The name needs a shop name of 2+ characters and a trade, e.g. “潍城区张三便利店”</translation>
        </message>
        <message>
            <source>字号“{0}”是县级以上行政区划名称，需人工审核</source>
            <translation>“{0}” is the name of a county or larger area; staff must review it</translation>
        </message>
        <message>
            <source>请填写名称</source>
            <translation>Please enter a name</translation>
        </message>
        <message>
            <source>名称后应加注“（个体工商户）”</source>
            <translation>The name must end with “（个体工商户）”</translation>
        </message>
        <message>
            <source>名称应以本辖区行政区划名称开头，例如“{0}”或“{1}”</source>
            <translation>The name must start with the local place name, e.g. “{0}” or “{1}”</translation>
        </message>
        <message>
            <source>开店卖东西（零售）</source>
            <translation>Shop selling goods (retail)</translation>
        </message>
        <message>
            <source>饭店、小吃、饮品（餐饮）</source>
            <translation>Restaurant, snacks, drinks (catering)</translation>
        </message>
        <message>
            <source>理发美容、洗衣家政等生活服务</source>
            <translation>Hairdressing, beauty, laundry, housekeeping and other personal services</translation>
        </message>
        <message>
            <source>修理（家电、车辆、日用品）</source>
            <translation>Repairs (appliances, vehicles, household goods)</translation>
        </message>
        <message>
            <source>批发</source>
            <translation>Wholesale</translation>
        </message>
        <message>
            <source>旅馆、民宿（住宿）</source>
            <translation>Hotel, guesthouse (lodging)</translation>
        </message>
        <message>
            <source>种植、养殖</source>
            <translation>Farming and animal raising</translation>
        </message>
        <message>
            <source>加工制作</source>
            <translation>Making and processing</translation>
        </message>
        <message>
            <source>装修、建筑安装</source>
            <translation>Decoration, building installation</translation>
        </message>
        <message>
            <source>运输、快递、搬运、仓储</source>
            <translation>Transport, delivery, moving, storage</translation>
        </message>
        <message>
            <source>出租（房屋、车辆、用品）</source>
            <translation>Renting out (housing, vehicles, goods)</translation>
        </message>
        <message>
            <source>打印复印、广告、咨询等商务服务</source>
            <translation>Printing, copying, advertising, consulting and other business services</translation>
        </message>
        <message>
            <source>网络、软件、信息服务</source>
            <translation>Internet, software, information services</translation>
        </message>
        <message>
            <source>教育培训、文化、体育、娱乐</source>
            <translation>Education, culture, sports, entertainment</translation>
        </message>
        <message>
            <source>养老、托育、医疗健康</source>
            <translation>Elderly care, childcare, health</translation>
        </message>
        <message>
            <source>其他</source>
            <translation>Other</translation>
        </message>
        <message>
            <source>证件号码格式不对：应为3个字母加12位数字</source>
            <translation>Wrong ID number format: it should be 3 letters and 12 digits</translation>
        </message>
        <message>
            <source>证件号码有一位不对，请对照证件逐位核对</source>
            <translation>One digit of the ID number is wrong; please compare it with the card, digit by digit</translation>
        </message>
        <message>
            <source>证件号码中的出生日期无效</source>
            <translation>The date of birth in the ID number is not valid</translation>
        </message>
        <message>
            <source>证件号码开头6位（地区）不对，请核对</source>
            <translation>The first 6 digits (the region) of the ID number are wrong; please check them</translation>
        </message>
        <message>
            <source>证件号码长度不对：应为18位</source>
            <translation>The ID number should be 18 characters long</translation>
        </message>
        <message>
            <source>证件号码格式不对：前17位应为数字，末位为数字或X</source>
            <translation>Wrong ID number format: 17 digits, then a digit or X</translation>
        </message>
        <message>
            <source>读卡器故障，请联系工作人员。</source>
            <translation>The card reader has a fault. Please ask a member of staff.</translation>
        </message>
        <message>
            <source>读卡失败，请将证件平放在读卡区，不要移动。</source>
            <translation>The card could not be read. Lay it flat on the reader and keep it still.</translation>
        </message>
        <message>
            <source>读卡器未连接，请联系工作人员。</source>
            <translation>The card reader is not connected. Please ask a member of staff.</translation>
        </message>
        <message>
            <source>读卡器无响应，请稍后重试或联系工作人员。</source>
            <translation>The card reader is not responding. Try again soon or ask a member of staff.</translation>
        </message>
        <message>
            <source>读卡器通信错误，请稍后重试。</source>
            <translation>Card reader connection error. Please try again soon.</translation>
        </message>
        <message>
            <source>证件信息无法识别，请联系工作人员。</source>
            <translation>The card data cannot be recognised. Please ask a member of staff.</translation>
        </message>
        <message>
            <source>证件号码校验未通过，请联系工作人员人工办理。</source>
            <translation>The card number failed its check. Please ask a member of staff for help.</translation>
        </message>
        <message>
            <source>证件认证失败，请重新放置证件。</source>
            <translation>The card could not be verified. Please place it again.</translation>
        </message>
        <message>
            <source>证件信息校验失败，请重新放置证件。</source>
            <translation>The card data failed its check. Please place it again.</translation>
        </message>
        <message>
            <source>证件指纹信息校验失败，请联系工作人员。</source>
            <translation>The fingerprint data on the card failed its check. Please ask a member of staff.</translation>
        </message>
        <message>
            <source>无法识别此证件，请使用居民身份证、港澳台居民居住证或外国人永久居留身份证。</source>
            <translation>This card is not recognised. Please use a resident ID card, a Hong Kong/Macao/Taiwan residence permit or a foreigner's permanent residence ID card.</translation>
        </message>
        <message>
            <source>读卡器出了故障，请联系工作人员。</source>
            <translation>The card reader has a fault. Please ask a member of staff.</translation>
        </message>
        <message>
            <source>读卡器还没有开通，请联系工作人员。</source>
            <translation>The card reader is not activated yet. Please ask a member of staff.</translation>
        </message>
        <message>
            <source>请将证件放在读卡区。</source>
            <translation>Please place your card on the reader.</translation>
        </message>
        <message>
            <source>证件中无此项信息。</source>
            <translation>The card does not hold this information.</translation>
        </message>
        <message>
            <source>摄像头暂时无法使用，请联系工作人员。</source>
            <translation>The camera is not working right now. Please ask a member of staff.</translation>
        </message>
        <message>
            <source>打印机暂时无法使用，请联系工作人员。</source>
            <translation>The printer is not working right now. Please ask a member of staff.</translation>
        </message>
        <message>
            <source>您的办理结果已保存，工作人员处理后即可补打。</source>
            <translation>Your result is saved; staff can reprint it once the printer is fixed.</translation>
        </message>
        <message>
            <source>打印机缺纸，请联系工作人员添加纸张。您的办理结果已保存，工作人员处理后即可补打。</source>
            <translation>The printer is out of paper. Please ask a member of staff. Your result is saved; staff can reprint it once the printer is fixed.</translation>
        </message>
        <message>
            <source>打印机卡纸，请联系工作人员处理。您的办理结果已保存，工作人员处理后即可补打。</source>
            <translation>The printer has a paper jam. Please ask a member of staff. Your result is saved; staff can reprint it once the printer is fixed.</translation>
        </message>
        <message>
            <source>打印机舱门未关好，请联系工作人员处理。您的办理结果已保存，工作人员处理后即可补打。</source>
            <translation>The printer cover is open. Please ask a member of staff. Your result is saved; staff can reprint it once the printer is fixed.</translation>
        </message>
        <message>
            <source>打印机未连接，请联系工作人员。您的办理结果已保存，工作人员处理后即可补打。</source>
            <translation>The printer is not connected. Please ask a member of staff. Your result is saved; staff can reprint it once the printer is fixed.</translation>
        </message>
        <message>
            <source>打印机已暂停使用，请联系工作人员。您的办理结果已保存，工作人员处理后即可补打。</source>
            <translation>The printer is paused. Please ask a member of staff. Your result is saved; staff can reprint it once the printer is fixed.</translation>
        </message>
        <message>
            <source>打印时间过长，请联系工作人员。您的办理结果已保存，工作人员处理后即可补打。</source>
            <translation>Printing is taking too long. Please ask a member of staff. Your result is saved; staff can reprint it once the printer is fixed.</translation>
        </message>
        <message>
            <source>打印未能完成，请联系工作人员。您的办理结果已保存，工作人员处理后即可补打。</source>
            <translation>Printing could not finish. Please ask a member of staff. Your result is saved; staff can reprint it once the printer is fixed.</translation>
        </message>
        <message>
            <source>申请暂时无法保存，请联系现场工作人员。</source>
            <translation>Your application cannot be saved right now. Please ask a member of staff.</translation>
        </message>
        <message>
            <source>终端存储空间已满，本次申请未能保存，请联系现场工作人员处理。</source>
            <translation>This kiosk's storage is full, so your application was not saved. Please ask a member of staff.</translation>
        </message>
        <message>
            <source>终端数据文件损坏，已通知技术人员，请稍后再试或联系现场工作人员。</source>
            <translation>This kiosk's data file is damaged and a technician has been told. Try again later or ask a member of staff.</translation>
        </message>
        <message>
            <source>终端加密密钥异常，已停止保存申请，请联系技术人员。</source>
            <translation>This kiosk's encryption key has a problem, so applications are not being saved. Please ask a technician.</translation>
        </message>
        <message>
            <source>找不到该申请记录。</source>
            <translation>That application could not be found.</translation>
        </message>
        <message>
            <source>未登记家庭成员</source>
            <translation>no family member listed</translation>
        </message>
        <message>
            <source>身份证件已超过有效期限</source>
            <translation>The ID card has expired</translation>
        </message>
        <message>
            <source>身份证件号码无效</source>
            <translation>The ID number is not valid</translation>
        </message>
        <message>
            <source>经营者未满十六周岁，不能登记个体工商户</source>
            <translation>The owner is under 16 and cannot register an individual business</translation>
        </message>
        <message>
            <source>经营者未满十八周岁，需人工核实是否以自己的劳动收入为主要生活来源</source>
            <translation>The owner is under 18; staff must check that they live mainly on their own earnings</translation>
        </message>
        <message>
            <source>港澳台居民居住证或外国人永久居留身份证，需人工审核</source>
            <translation>Residence permits and foreigner ID cards are reviewed by staff</translation>
        </message>
        <message>
            <source>未采集到现场人像，需人工核验身份</source>
            <translation>No face photo was taken; staff must check your identity</translation>
        </message>
        <message>
            <source>活体检测未通过，需人工核验身份</source>
            <translation>The liveness check did not pass; staff must check your identity</translation>
        </message>
        <message>
            <source>现场人像与证件照片比对不一致，需人工核验身份</source>
            <translation>Your photo did not match your ID card photo; staff must check your identity</translation>
        </message>
        <message>
            <source>人证比对结果不能确定是否为本人，需人工核验身份</source>
            <translation>Photo matching could not confirm that this is you; staff must check your identity</translation>
        </message>
        <message>
            <source>人证比对无法进行（无证件照片或比对服务不可用），需人工核验身份</source>
            <translation>Photo matching was not possible (no ID card photo, or the service is unavailable); staff must check your identity</translation>
        </message>
        <message>
            <source>人证比对引擎未经认证，本辖区不据此自动核准，需人工核验身份</source>
            <translation>The photo matching engine is not certified for automatic approval here; staff must check your identity</translation>
        </message>
        <message>
            <source>经营者在信用约束名单中，需人工审核</source>
            <translation>The owner is on a credit restriction list; staff must review</translation>
        </message>
        <message>
            <source>未选择经营范围</source>
            <translation>No business activity chosen</translation>
        </message>
        <message>
            <source>经营范围不在规范表述目录中，需人工审核</source>
            <translation>A business activity is not in the standard list; staff must review</translation>
        </message>
        <message>
            <source>经营范围含许可项目，需人工审核</source>
            <translation>A business activity needs a permit; staff must review</translation>
        </message>
        <message>
            <source>所选经营范围不得在该类经营场所开展</source>
            <translation>These business activities are not allowed at this type of premises</translation>
        </message>
        <message>
            <source>所选经营范围在该类经营场所开展需人工审核</source>
            <translation>These business activities at this type of premises need staff review</translation>
        </message>
        <message>
            <source>经营场所不在本终端所属登记机关辖区内，需人工审核</source>
            <translation>The address is outside this kiosk's district; staff must review</translation>
        </message>
        <message>
            <source>经营场所地址未写明门牌号，需人工审核</source>
            <translation>The address has no house number; staff must review</translation>
        </message>
        <message>
            <source>家庭经营成员未在办理现场核验身份证和人像，需人工审核</source>
            <translation>A family member was not verified by ID card and face at the terminal; staff review needed</translation>
        </message>
        <message>
            <source>经营者已有在办或已登记的个体工商户，需人工审核</source>
            <translation>The owner already has a business registered or in progress; staff must review</translation>
        </message>
        <message>
            <source>名称与本登记机关已登记的同行业名称相同</source>
            <translation>A business in the same trade registered here already has this name</translation>
        </message>
        <message>
            <source>名称与本登记机关已有或在办的同行业名称相近，需人工审核</source>
            <translation>The name is close to an existing or pending one in the same trade; staff must review</translation>
        </message>
        <message>
            <source>已核准，营业执照正在由登记系统生成，请凭受理回执稍后到任一终端领取</source>
            <translation>Approved. The licence is being issued by the registration system; collect it later at any kiosk with your receipt</translation>
        </message>
        <message>
            <source>提交未成功，请稍后重试或联系工作人员。</source>
            <translation>Submitting did not work. Please try again soon or ask a member of staff.</translation>
        </message>
    </context>
</TS>